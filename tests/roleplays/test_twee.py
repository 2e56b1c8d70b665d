"""Twee 3 export and import of role-plays, without a database."""

import json

from roleplays import scenario as sc
from roleplays.twee import export_twee, parse_twee
from tests.roleplays.test_scenario_graph import sofa

CODES = {1: "TEL-4", 2: "POL-1"}
IDS = {code: pk for pk, code in CODES.items()}


def export(scenario, title="Late sofa"):
    return export_twee(scenario, title=title, ifid="d674c58c", clause_codes=CODES)


def test_an_exported_scenario_reimports_to_the_same_graph():
    scenario = sofa()
    parsed = parse_twee(export(scenario), clause_ids=IDS)

    assert parsed.problems == []
    assert parsed.title == "Late sofa"
    assert parsed.scenario.steps == scenario.steps
    assert parsed.scenario.start == scenario.start


def test_round_trip_keeps_multiline_text_signs_flags_and_passage_like_lines():
    greeting = sc.Step(
        "greeting",
        sc.CUSTOMER,
        "Three weeks!\n\n:: This line looks like a passage header",
        (
            sc.Reply(
                "a", "Sorry -> let me check", "won", 3, "Line one\nLine two", 2, (1, 2)
            ),
            sc.Reply("b", "Not my job", "lost", -3, "", -5, (), True),
        ),
    )
    scenario = sc.Scenario(
        (
            greeting,
            sc.Step("won", sc.ENDING, "", outcome="resolved", counts_as_pass=True),
            sc.Step("lost", sc.ENDING, "Gone.", outcome="customer_lost"),
        ),
        start_key="greeting",
    )
    parsed = parse_twee(export(scenario), clause_ids=IDS)

    assert parsed.problems == []
    assert parsed.scenario == scenario


def test_export_carries_the_model_in_passage_tags():
    text = export(sofa())

    data = json.loads(text.split(":: StoryData\n", 1)[1].split("\n\n", 1)[0])
    assert data["start"] == "greeting"
    assert data["ifid"] == "D674C58C"
    assert ":: greeting [customer]" in text
    assert "[[Say blame->greeting/blame]]" in text
    assert ":: greeting/blame [reply score:-3 mood:-2 clause:TEL-4 critical]" in text
    assert ":: lookup [narration]" in text
    assert ":: won [ending outcome:resolved pass]" in text
    assert ":: lost [ending outcome:customer_lost] " in text


def test_twine_link_forms_and_story_format_code_are_understood():
    text = """:: StoryTitle
Drawn in Twine

:: StoryData
{"ifid": "X", "start": "hello"}

:: UserScript [script]
console.log("ignored");

:: hello [customer] {"position":"100,100"}
Hello?
[[hello/yes<-Yes, how can I help?]]
[[No.|hello/no]]

:: hello/yes [reply score:2 mood:+1]
Friendly.
[[bye]]

:: hello/no [reply score:-1 mood:-1]
[[Continue->bye]]

:: bye [ending outcome:escalated pass]
"""
    parsed = parse_twee(text, clause_ids={})

    assert parsed.problems == []
    step = parsed.scenario.step("hello")
    assert [(r.key, r.text, r.next, r.score) for r in step.replies] == [
        ("yes", "Yes, how can I help?", "bye", 2),
        ("no", "No.", "bye", -1),
    ]
    assert parsed.scenario.step("bye").outcome == "escalated"


def test_an_invalid_file_lists_every_problem_with_its_line():
    text = """:: StoryData
{not json

:: hello [customer]
Hello?
[[Yes->hello/yes]]
[[Elsewhere->bye]]

:: hello/yes [reply score:lots clause:NOPE color:red]
[[bye]]

:: hello/spare [reply score:1]
[[bye]]

:: middle [narration]
No link here.

:: untagged
Just text.

:: bye [ending]

:: bye [ending outcome:resolved]
"""
    problems = parse_twee(text, clause_ids={"TEL-4": 1}).problems

    expected = [
        "Line 1: StoryData is not valid JSON.",
        "Line 7: “hello” links to “bye”, which is not a reply passage",
        "Line 9: “score:lots” needs a whole number",
        "Line 9: no clause of the standard has the code “NOPE”.",
        "Line 9: unknown tag “color:red” on “hello/yes”.",
        "Line 12: reply “hello/spare” is not linked from its step's passage.",
        "Line 15: “middle” needs exactly one link to the next step.",
        "Line 18: passage “untagged” needs one of the tags",
        "Line 21: ending “bye” needs outcome:resolved",
        "Line 23: a second passage named “bye”.",
    ]
    assert len(problems) == len(expected)
    for problem, start in zip(problems, expected, strict=True):
        assert str(problem).startswith(start), problem


def test_an_empty_file_says_what_is_missing():
    assert "no passages" in str(parse_twee("", clause_ids={}).problems[0])
    only_title = parse_twee(":: StoryTitle\nNothing\n", clause_ids={})
    assert "no steps" in str(only_title.problems[0])
