"""Every path of every demo role-play, played out: each debrief says only what is
true of the paths that reach it, and critical replies never reach a pass.

Each ending's debrief makes claims about what the learner did ("you owned the
problem", "you brought in the duty manager"). Below, each claim names the words of
the debrief that make it and what must (or must not) be on every path reaching
that ending: reply keys as ``step/reply``, or the clause of a chosen reply as
``good:CODE`` / ``poor:CODE`` (a reply that scored above zero without being
critical is good, any other is poor). The files are only parsed; no database.
"""

from dataclasses import dataclass

import pytest

from lms.demo.roleplays import read_metadata
from roleplays import scenario as sc
from roleplays import twee
from roleplays.scenario.graph import reachable_from
from tests.courses.test_demo_roleplays import DEMO_FILES, demo_clause_codes, parse

THRESHOLD = 70


@dataclass(frozen=True)
class Claim:
    words: str
    needs: tuple[str, ...] = ()
    needs_one_of: tuple[str, ...] = ()
    excludes: tuple[str, ...] = ()


DEBRIEFS = {
    "the-late-wardrobe": {
        "won-back": (
            Claim("you took the case on yourself", excludes=("poor:TEL-4",)),
            Claim(
                "a plan with a time and a refund you could decide alone",
                needs=("explain/concrete-plan",),
            ),
            Claim("summed up a promise he can check", needs=("confirm/summarise",)),
        ),
        "booked-unsure": (
            Claim("The plan was right", needs=("explain/concrete-plan",)),
            Claim("the close took the promise back", needs=("confirm/casual",)),
        ),
        "callback": (
            Claim(
                "accepts a call-back within the hour",
                needs=("manager-please/own-with-deadline",),
            ),
            Claim(
                "a concrete plan would have saved",
                needs=("explain/vague",),
                excludes=("explain/concrete-plan",),
            ),
        ),
        "manager": (
            Claim(
                "he had to ask for someone who could decide",
                needs=("manager-please/put-through",),
            ),
            Claim(
                "a delivery date you could have given him yourself",
                excludes=("explain/concrete-plan",),
            ),
        ),
        "lost-passed-on": (
            Claim("yours was the last", needs=("answer/warehouse-number",)),
        ),
        "lost-hung-up": (Claim("rude staff", needs=("pushback/defend",)),),
        "lost-blamed": (
            Claim(
                "if nobody at Brightline can do anything",
                needs=("explain/blame-courier",),
            ),
        ),
    },
    "leaking-coffee-machine": {
        "won-back": (
            Claim("a voucher on her order", needs=("swapped/voucher",)),
            Claim(
                "You stayed within your own authority and brought in the duty "
                "manager for the rest",
                needs=("solve/swap",),
                excludes=("swapped/refund-too", "critical"),
            ),
        ),
        "follow-up": (
            Claim(
                "The duty manager approved the swap while she waited",
                needs=("solve/swap",),
            ),
            Claim("your call in the diary", needs=("swapped/follow-up",)),
        ),
        "repaired": (
            Claim("resolved the day she brought it in", needs=("solve/repair",)),
            Claim(
                "every promise was kept",
                excludes=("solve/repair-in-a-day", "poor:POL-3"),
            ),
        ),
        "repair-late": (
            Claim("the week you did not mention", needs=("solve/repair-in-a-day",)),
        ),
        "over-promised": (
            Claim("the refund is refused", needs=("swapped/refund-too",)),
        ),
        "manager": (
            Claim(
                "the person who served her never found out what was wrong",
                needs=("defensive/get-manager",),
                excludes=("complaint/listen",),
            ),
        ),
        "lost": (Claim("the staff blamed her", needs=("defensive/insist",)),),
        "lost-sent-away": (
            Claim("drives to the service centre", needs=("solve/manufacturer",)),
        ),
        "lost-paperwork": (Claim("they handed me a form", needs=("paperwork/rules",)),),
    },
    "sold-out-sofa": {
        "won-back": (
            Claim(
                "you brought the duty manager over for the display discount while "
                "she waited",
                needs=("offer/display-model",),
            ),
            Claim(
                "instead of sending her away or promising it yourself",
                excludes=(
                    "offer/come-back-tomorrow",
                    "offer/forty-percent",
                    "haggle/forty-percent",
                ),
            ),
            Claim("closed with a summary she can check", needs=("close/summarise",)),
        ),
        "sold-no-date": (
            Claim(
                "the discount the duty manager approved while she waited",
                needs=("offer/display-model",),
            ),
            Claim("without a delivery date", needs=("close/form",)),
        ),
        "ordered": (
            Claim("free delivery on the order", needs=("offer/order-at-offer-price",)),
            Claim("who will call her", needs=("close-order/promise-a-call",)),
        ),
        "ordered-waiting": (
            Claim("free delivery on the order", needs=("offer/order-at-offer-price",)),
            Claim("nothing to hold on to", needs=("close-order/earliest",)),
        ),
        "come-back": (
            Claim(
                "Nobody expects her back tomorrow",
                needs=("offer/come-back-tomorrow",),
            ),
        ),
        "over-promised": (
            Claim(
                "the discount was never yours to give",
                needs_one_of=("offer/forty-percent", "haggle/forty-percent"),
            ),
        ),
        "lost": (
            Claim("buys a sofa at a competitor's", needs=("annoyed/nothing-to-do",)),
        ),
    },
    "desk-to-desk": {
        "won-back": (
            Claim(
                "from the desk he happened to reach",
                needs=("exchange/do-it-here",),
                excludes=("arrive/upstairs",),
            ),
            Claim("That is what owning a request means", excludes=("poor:CON-5",)),
        ),
        "handed-over": (
            Claim(
                "Bringing him and the right colleague together yourself, with a "
                "full handover",
                needs=("handover/brief-colleague",),
                needs_one_of=(
                    "from-there/call-colleague",
                    "from-there/walk-with",
                    "exchange/take-him-up",
                ),
            ),
        ),
        "left-waiting": (
            Claim("after explaining it all again", needs=("handover/leave-him",)),
        ),
        "lost": (
            Claim(
                "with the lamp still in its box",
                needs_one_of=("waiting/still-busy", "from-there/dont-know"),
            ),
        ),
        "lost-bounced": (
            Claim(
                "A ten-minute exchange cost a customer",
                needs=("exchange/customer-service-will",),
            ),
        ),
    },
    "too-close-and-a-rude-colleague": {
        "won-back": (
            Claim(
                "You kept your calm, kept a row from starting in front of him",
                needs_one_of=("react/stay-with-him", "react/team-leader"),
                excludes=("react/snap-back", "react/complain"),
            ),
        ),
        "bought-anyway": (
            Claim("after your apology", needs=("shaken/win-back",)),
            Claim("call the management a joke", needs=("react/complain",)),
        ),
        "left-neutral": (Claim("He takes the leaflet", needs=("shaken/leaflet",)),),
        "lost-offended": (
            Claim("He walks off, offended", needs=("offended/personal-space",)),
        ),
        "lost-argument": (
            Claim("while you and Edgars argue", needs=("react/snap-back",)),
        ),
    },
    "raised-voices": {
        "reviewed": (
            Claim("You kept the counter between you", excludes=("raised/come-round",)),
            Claim(
                "called for help with the agreed signal before anyone was hurt",
                needs=("raised/signal",),
            ),
            Claim("handed over with a summary", needs=("manager-here/handover",)),
        ),
        "reviewed-slowly": (
            Claim(
                "You were right to call for help with the agreed signal",
                needs=("raised/signal",),
            ),
            Claim("the silent handover", needs=("manager-here/step-aside",)),
        ),
        "safe": (
            Claim(
                "used the agreed signal and did not rise to it",
                needs=("threat/signal",),
                excludes=("threat/argue-back", "critical"),
            ),
        ),
        "shoved": (Claim("Touching him", needs=("raised/come-round",)),),
        "alone": (
            Claim(
                "A threat is the signal to call for help, not a scene to avoid",
                needs=("threat/alone",),
            ),
        ),
        "lost-row": (Claim("A contest of nerves", needs=("threat/argue-back",)),),
        "lost-blamed": (
            Claim("said in front of him", needs=("manager-here/blame-him",)),
        ),
    },
}


@dataclass(frozen=True)
class PlayedPath:
    ending: sc.Step
    replies: tuple[str, ...]
    tokens: frozenset[str]
    result: sc.Result


def path_tokens(scenario, turns, codes: dict[int, str]) -> frozenset[str]:
    """What a path did: ``step/reply`` of each reply, ``good:``/``poor:`` and the
    clause code of each, and ``critical`` if any reply was."""
    tokens = set()
    for turn in turns:
        if not turn.reply:
            continue
        reply = scenario.step(turn.step).reply(turn.reply)
        tokens.add(f"{turn.step}/{turn.reply}")
        quality = "good" if reply.is_good else "poor"
        tokens.update(f"{quality}:{codes[pk]}" for pk in reply.clauses)
        if reply.critical:
            tokens.add("critical")
    return frozenset(tokens)


def play_every_path(scenario, mood: int, codes: dict[int, str]) -> list[PlayedPath]:
    """Every way through the (acyclic) scenario from its start to an ending."""
    played, todo = [], [sc.begin(scenario, mood)]
    while todo:
        position = todo.pop()
        step = scenario.step(position.step)
        if step.kind == sc.ENDING:
            replies = tuple(f"{t.step}/{t.reply}" for t in position.turns if t.reply)
            played.append(
                PlayedPath(
                    step,
                    replies,
                    path_tokens(scenario, position.turns, codes),
                    sc.result(scenario, position, THRESHOLD),
                )
            )
            continue
        todo.extend(sc.choose(scenario, position, r.key) for r in step.replies)
    return played


def broken_claims(claims, path: PlayedPath) -> list[str]:
    """The claims of a debrief that the path reaching it does not bear out."""
    broken = []
    for claim in claims:
        missing = [token for token in claim.needs if token not in path.tokens]
        if claim.needs_one_of and not path.tokens & set(claim.needs_one_of):
            missing.append(" or ".join(claim.needs_one_of))
        present = [token for token in claim.excludes if token in path.tokens]
        if missing or present:
            broken.append(
                f"{path.ending.key} says “{claim.words}” after {path.replies}: "
                f"missing {missing}, present {present}"
            )
    return broken


def clause_codes() -> dict[int, str]:
    """Clause ids as ``parse`` numbers them, back to their codes."""
    return dict(enumerate(sorted(demo_clause_codes()), start=1))


def demo(path):
    scenario = parse(path).scenario
    mood = read_metadata(path)["starting_mood"]
    return scenario, play_every_path(scenario, mood, clause_codes())


def test_every_demo_role_play_lists_the_claims_of_its_debriefs():
    assert set(DEBRIEFS) == {path.stem for path in DEMO_FILES}


@pytest.mark.parametrize("path", DEMO_FILES, ids=lambda path: path.stem)
def test_every_ending_has_its_claims_and_each_claim_is_in_its_debrief(path):
    scenario = parse(path).scenario
    endings = {step.key: step for step in scenario.steps if step.kind == sc.ENDING}
    claims = DEBRIEFS[path.stem]

    assert set(claims) == set(endings)
    for key, ending_claims in claims.items():
        assert ending_claims, key
        for claim in ending_claims:
            assert claim.words in endings[key].text, (key, claim.words)


@pytest.mark.parametrize("path", DEMO_FILES, ids=lambda path: path.stem)
def test_each_debrief_is_true_of_every_path_that_reaches_it(path):
    scenario, played = demo(path)

    broken = [
        problem
        for one in played
        for problem in broken_claims(DEBRIEFS[path.stem][one.ending.key], one)
    ]
    assert broken == []
    assert {one.ending.key for one in played} == set(DEBRIEFS[path.stem])


@pytest.mark.parametrize("path", DEMO_FILES, ids=lambda path: path.stem)
def test_every_path_to_a_passing_ending_avoids_critical_replies(path):
    _scenario, played = demo(path)

    for one in played:
        if one.ending.counts_as_pass or one.result.passed:
            assert "critical" not in one.tokens, one.replies
    assert any(one.result.passed for one in played)


@pytest.mark.parametrize("path", DEMO_FILES, ids=lambda path: path.stem)
def test_every_critical_reply_leads_only_to_endings_that_do_not_pass(path):
    scenario = parse(path).scenario
    critical = [r for s in scenario.steps for r in s.replies if r.critical]

    assert critical, "every demo role-play has a reply that fails it"
    for reply in critical:
        after = reachable_from(scenario, reply.next)
        endings = [scenario.step(k) for k in after if scenario.step(k).kind == "ending"]
        assert endings and not any(step.counts_as_pass for step in endings), reply.key


@pytest.mark.parametrize("path", DEMO_FILES, ids=lambda path: path.stem)
def test_the_best_replies_pass_and_the_worst_fail(path):
    """As the demo histories play it: the best-scoring reply at every step (or the
    worst, critical first)."""
    scenario = parse(path).scenario
    mood = read_metadata(path)["starting_mood"]
    for well in (True, False):
        position = sc.begin(scenario, mood)
        while not sc.is_finished(scenario, position):
            step = scenario.step(position.step)
            replies = sorted(step.replies, key=lambda r: (not r.critical, r.score))
            reply = replies[-1] if well else replies[0]
            position = sc.choose(scenario, position, reply.key)

        assert sc.result(scenario, position, THRESHOLD).passed is well


FLAWED = """\
:: StoryTitle
Praise the path did not earn

:: StoryData
{"start": "answer"}

:: answer [customer]
Where is my wardrobe?
[[I'm sorry. I'll find out right now.->answer/own]]
[[Please calm down, sir.->answer/calm-down]]

:: answer/own [reply score:3 clause:TEL-4]
You owned it.
[[Continue->won-back]]

:: answer/calm-down [reply score:-2 clause:TEL-4]
That tells him his feelings are the problem.
[[Continue->pushback]]

:: pushback [customer]
Don't tell me to calm down!
[[You're right, I'm sorry. Let me check now.->pushback/acknowledge]]
[[There's no need to shout.->pushback/defend]]

:: pushback/acknowledge [reply score:2]
Good recovery.
[[Continue->won-back]]

:: pushback/defend [reply score:-2]
An argument about tone.
[[Continue->lost]]

:: won-back [ending outcome:resolved pass]
You owned the problem from the first sentence.

:: lost [ending outcome:customer_lost]
He hangs up.
"""


def test_the_check_catches_a_debrief_that_praises_what_the_path_did_not_do():
    parsed = twee.parse_twee(FLAWED, clause_ids={"TEL-4": 1})
    claims = (
        Claim("You owned the problem from the first sentence", needs=("answer/own",)),
    )
    praised_too_far = (Claim("from the first sentence", excludes=("poor:TEL-4",)),)

    played = play_every_path(parsed.scenario, 0, {1: "TEL-4"})
    reaching = [one for one in played if one.ending.key == "won-back"]

    assert len(reaching) == 2
    broken = [p for one in reaching for p in broken_claims(claims, one)]
    assert len(broken) == 1 and "answer/calm-down" in broken[0]
    broken = [p for one in reaching for p in broken_claims(praised_too_far, one)]
    assert len(broken) == 1 and "poor:TEL-4" in broken[0]
