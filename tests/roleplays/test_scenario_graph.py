"""The role-play graph checks, scoring, mood and pass rule, without a database."""

import pytest

from roleplays import scenario as sc


def reply(key, next, score=0, mood=0, clauses=(), critical=False):
    return sc.Reply(
        key, f"Say {key}", next, score, f"About {key}", mood, clauses, critical
    )


def customer(key, *replies):
    return sc.Step(key, sc.CUSTOMER, f"Customer at {key}", replies)


def narration(key, next):
    return sc.Step(key, sc.NARRATION, f"Narration {key}", next=next)


def ending(key, outcome="resolved", passes=True):
    return sc.Step(
        key, sc.ENDING, f"Debrief {key}", outcome=outcome, counts_as_pass=passes
    )


def sofa(**changes):
    """Greeting (3 replies) -> narration -> offer (2 replies) -> three endings."""
    steps = {
        "greeting": customer(
            "greeting",
            reply("apologise", "lookup", 3, 2, (1,)),
            reply("policy", "lookup", 0, 0),
            reply("blame", "lost", -3, -2, (1,), critical=True),
        ),
        "lookup": narration("lookup", "offer"),
        "offer": customer(
            "offer",
            reply("own", "won", 3, 2, (2,)),
            reply("transfer", "escalated", -1, -1, (1,)),
        ),
        "won": ending("won"),
        "escalated": ending("escalated", "escalated", passes=False),
        "lost": ending("lost", "customer_lost", passes=False),
    }
    steps.update(changes)
    return sc.Scenario(tuple(step for step in steps.values() if step is not None))


def codes(scenario, threshold=70):
    return [problem.code for problem in sc.analyse(scenario, threshold).problems]


def blocking(scenario, threshold=70):
    return [problem.code for problem in sc.analyse(scenario, threshold).errors]


def test_a_sound_scenario_has_no_problems():
    assert codes(sofa()) == []
    assert sc.analyse(sofa(), 70).is_playable


def test_endings_table_gives_the_lowest_and_highest_score_reaching_each():
    analysis = sc.analyse(sofa(), 70)
    rows = {row.key: row for row in analysis.endings}

    assert (analysis.lowest, analysis.highest) == (-3, 6)
    assert (rows["won"].lowest, rows["won"].highest) == (3, 6)
    assert (rows["won"].lowest_scaled, rows["won"].highest_scaled) == (67, 100)
    assert (rows["escalated"].lowest, rows["escalated"].highest) == (-1, 2)
    assert (rows["lost"].lowest, rows["lost"].highest) == (-3, -3)
    assert rows["won"].can_pass and not rows["escalated"].can_pass


def test_no_steps_is_a_problem():
    assert blocking(sc.Scenario(())) == ["no_steps"]


def test_duplicate_step_keys_block_publishing():
    scenario = sofa()
    doubled = sc.Scenario((*scenario.steps, ending("won")))
    assert "duplicate_step_key" in blocking(doubled)


def test_duplicate_reply_keys_within_a_step_block_publishing():
    greeting = customer("greeting", reply("same", "lookup", 3), reply("same", "lost"))
    assert "duplicate_reply_key" in blocking(sofa(greeting=greeting))


def test_keys_must_be_slugs():
    greeting = customer("greeting", reply("a b", "lookup", 3), reply("ok", "lookup"))
    problems = sc.analyse(sofa(greeting=greeting), 70).errors
    assert [(p.code, p.reply) for p in problems] == [("bad_key", "a b")]


def test_an_unknown_next_key_is_reported_with_where_it_is():
    offer = customer("offer", reply("own", "won", 3), reply("transfer", "nowhere"))
    problem = next(p for p in sc.analyse(sofa(offer=offer), 70).errors)

    assert (problem.code, problem.step, problem.reply, problem.target) == (
        "unknown_next",
        "offer",
        "transfer",
        "nowhere",
    )


def test_an_unknown_start_step_blocks_publishing():
    scenario = sc.Scenario(sofa().steps, start_key="missing")
    assert "unknown_start" in blocking(scenario)


def test_a_named_start_step_is_used():
    scenario = sc.Scenario(sofa().steps, start_key="offer")
    unreachable = {p.step for p in sc.analyse(scenario, 0).warnings}
    assert unreachable >= {"greeting", "lookup", "lost"}


def test_an_unreachable_step_is_a_warning_not_an_error():
    extra = customer("extra", reply("a", "won", 1), reply("b", "lost"))
    scenario = sc.Scenario((*sofa().steps, extra))
    analysis = sc.analyse(scenario, 70)

    assert [(p.code, p.step) for p in analysis.warnings] == [("unreachable", "extra")]
    assert analysis.is_playable


def test_dead_ends_block_publishing():
    assert "dead_end" in blocking(sofa(lookup=narration("lookup", "")))
    assert "dead_end" in blocking(sofa(offer=customer("offer")))


def test_customer_steps_need_two_to_four_replies():
    one = customer("offer", reply("own", "won", 3))
    five = customer("offer", *(reply(f"r{n}", "won", n) for n in range(5)))
    assert "reply_count" in blocking(sofa(offer=one))
    assert "reply_count" in blocking(sofa(offer=five))


def test_a_cycle_is_found_and_shown_as_a_path():
    offer = customer("offer", reply("own", "won", 3), reply("again", "greeting"))
    analysis = sc.analyse(sofa(offer=offer), 70)
    cycle = next(p for p in analysis.errors if p.code == "cycle")

    assert cycle.path == ("greeting", "lookup", "offer", "greeting")
    assert analysis.endings == ()  # no score range on a graph with a circle


def test_find_cycles_reports_each_circle_once():
    a = customer("a", reply("x", "b"), reply("y", "end"))
    b = customer("b", reply("x", "a"), reply("y", "end"))
    scenario = sc.Scenario((a, b, ending("end")))
    assert sc.find_cycles(scenario) == [("a", "b", "a")]


def test_no_ending_at_all_is_reported():
    a = customer("a", reply("x", "b"), reply("y", "b"))
    b = customer("b", reply("x", "a"), reply("y", "a"))
    assert "no_ending" in blocking(sc.Scenario((a, b)))


def test_no_reachable_passing_ending_blocks_publishing():
    assert "no_passing_ending" in blocking(sofa(won=ending("won", passes=False)))


def test_a_pass_mark_no_path_can_reach_blocks_publishing():
    # The best path scores 6 of a range -3..6: a pass mark above 100% is impossible,
    # and with "own" critical the best clean path to "won" is gone.
    offer = customer(
        "offer", reply("own", "won", 3, critical=True), reply("transfer", "won", -1)
    )
    assert "pass_out_of_reach" in blocking(sofa(offer=offer), threshold=90)


def test_a_critical_reply_that_can_reach_a_passing_ending_blocks_publishing():
    greeting = customer(
        "greeting",
        reply("apologise", "lookup", 3),
        reply("promise-too-much", "lookup", 1, critical=True),
    )
    problem = next(
        p
        for p in sc.analyse(sofa(greeting=greeting), 70).errors
        if p.code == "critical_reaches_pass"
    )
    assert (problem.step, problem.reply, problem.target) == (
        "greeting",
        "promise-too-much",
        "won",
    )


def test_a_path_of_only_poor_replies_that_passes_is_a_warning():
    # Scores 0 and 0 still reach 100% when the other replies are negative.
    greeting = customer(
        "greeting", reply("meh", "lookup", 0), reply("bad", "lost", -5, critical=True)
    )
    offer = customer("offer", reply("meh", "won", 0), reply("bad", "escalated", -5))
    analysis = sc.analyse(sofa(greeting=greeting, offer=offer), 70)

    assert [p.code for p in analysis.warnings] == ["poor_path_passes"]
    assert analysis.is_playable


def test_a_lost_customer_that_counts_as_a_pass_is_a_warning():
    analysis = sc.analyse(sofa(lost=ending("lost", "customer_lost", passes=True)), 0)
    assert "lost_counts_as_pass" in [p.code for p in analysis.warnings]


@pytest.mark.parametrize(
    ("raw", "lowest", "highest", "scaled"),
    [(6, -3, 6, 100), (-3, -3, 6, 0), (3, -3, 6, 67), (0, 0, 0, 100), (9, 0, 6, 100)],
)
def test_scaled_score_runs_from_the_worst_to_the_best_path(
    raw, lowest, highest, scaled
):
    assert sc.scaled_score(raw, lowest, highest) == scaled


def test_mood_is_clamped_and_named():
    assert sc.clamp_mood(9) == sc.MOOD_MAX
    assert sc.clamp_mood(-9) == sc.MOOD_MIN
    assert [sc.mood_band(m) for m in (-5, -3, 0, 3, 5)] == [
        "furious",
        "upset",
        "neutral",
        "pleased",
        "delighted",
    ]


def test_play_reads_narration_and_moves_mood_and_score():
    scenario = sofa()
    position = sc.begin(scenario, -2)
    assert position.step == "greeting"

    position = sc.choose(scenario, position, "apologise")
    assert (position.step, position.mood, position.score) == ("offer", 0, 3)
    assert [t.step for t in position.turns] == ["greeting", "lookup"]
    assert position.turns[1].reply == ""  # the narration was read on the way

    position = sc.choose(scenario, position, "own")
    assert sc.is_finished(scenario, position)
    result = sc.result(scenario, position, 70)
    assert (result.raw, result.scaled, result.outcome, result.passed) == (
        6,
        100,
        "resolved",
        True,
    )


def test_mood_never_leaves_the_scale():
    scenario = sofa()
    position = sc.choose(scenario, sc.begin(scenario, 5), "apologise")
    assert position.mood == sc.MOOD_MAX


def test_a_reply_not_offered_at_the_step_is_refused():
    scenario = sofa()
    with pytest.raises(sc.PlayError) as error:
        sc.choose(scenario, sc.begin(scenario, 0), "own")
    assert error.value.code == "not_offered"


def test_a_finished_run_takes_no_more_replies():
    scenario = sofa()
    position = sc.choose(scenario, sc.begin(scenario, 0), "blame")
    with pytest.raises(sc.PlayError) as error:
        sc.choose(scenario, position, "own")
    assert error.value.code == "finished"


@pytest.mark.parametrize(
    ("replies", "passed", "why"),
    [
        (["apologise", "own"], True, "best path"),
        (["policy", "own"], False, "67% is below the pass mark of 70%"),
        (["apologise", "transfer"], False, "the ending does not count as a pass"),
        (["blame"], False, "a critical reply"),
    ],
)
def test_pass_needs_the_mark_no_critical_reply_and_a_passing_ending(
    replies, passed, why
):
    scenario = sofa()
    position = sc.begin(scenario, 0)
    for key in replies:
        position = sc.choose(scenario, position, key)
    assert sc.result(scenario, position, 70).passed is passed, why


def test_a_critical_reply_fails_even_at_a_passing_ending_with_full_marks():
    assert not sc.passes(reached_threshold=True, critical=True, ending_passes=True)
    assert sc.passes(reached_threshold=True, critical=False, ending_passes=True)
    assert not sc.passes(reached_threshold=False, critical=False, ending_passes=True)


def test_clause_scorecard_counts_good_and_poor_replies_per_clause():
    scenario = sofa()
    position = sc.begin(scenario, 0)
    for key in ["policy", "own"]:
        position = sc.choose(scenario, position, key)
    tallies = {
        t.clause: (t.good, t.poor)
        for t in sc.clause_scorecard(scenario, position.turns)
    }

    # Clause 1 was in play at both steps: "policy" (0 points) was poor, "own" good.
    assert tallies == {1: (1, 1), 2: (1, 0)}


def test_raw_stream_data_reads_in_both_list_formats():
    raw = [
        {
            "type": "customer_step",
            "value": {
                "key": "a",
                "line": "Hello\r\nthere",
                "replies": [
                    {
                        "type": "item",
                        "value": {
                            "key": "x",
                            "text": "X",
                            "next": "e",
                            "score": "2",
                            "clauses": [{"type": "item", "value": 4}],
                        },
                    },
                    {"key": "y", "text": "Y", "next": "e", "score": -1, "clauses": [5]},
                ],
            },
        },
        {
            "type": "ending",
            "value": {"key": "e", "outcome": "resolved", "counts_as_pass": True},
        },
    ]
    scenario = sc.scenario_from_raw(raw)

    assert scenario.start == "a"
    assert scenario.step("a").text == "Hello\nthere"
    assert [(r.key, r.score, r.clauses) for r in scenario.step("a").replies] == [
        ("x", 2, (4,)),
        ("y", -1, (5,)),
    ]
    assert sc.scenario_from_raw(sc.scenario_to_raw(scenario)) == scenario
