"""Playing a scenario: moves, mood, the score, the pass rule and the scorecard."""

from dataclasses import dataclass, field

from roleplays.scenario.checks import analyse
from roleplays.scenario.graph import (
    ENDING,
    MOOD_BANDS,
    MOOD_MAX,
    MOOD_MIN,
    NARRATION,
    TOP_MOOD_BAND,
    Scenario,
    scaled_score,
)


class PlayError(Exception):
    """A move the scenario does not allow; ``code`` says which."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class Turn:
    """One step the learner went through: a chosen reply, or narration read."""

    step: str
    reply: str = ""
    score: int = 0
    mood: int = 0

    def as_dict(self) -> dict:
        return {
            "step": self.step,
            "reply": self.reply,
            "score": self.score,
            "mood": self.mood,
        }

    @classmethod
    def from_dict(cls, data: dict) -> "Turn":
        return cls(
            data["step"],
            data.get("reply", ""),
            data.get("score", 0),
            data.get("mood", 0),
        )


@dataclass(frozen=True)
class Position:
    """Where a run is: the step waiting for a reply (or the ending), and totals."""

    step: str
    mood: int
    score: int = 0
    critical: bool = False
    turns: tuple[Turn, ...] = field(default=())


def clamp_mood(mood: int) -> int:
    return max(MOOD_MIN, min(MOOD_MAX, mood))


def mood_band(mood: int) -> str:
    """A name for the mood: furious, upset, neutral, pleased or delighted."""
    for top, name in MOOD_BANDS:
        if mood <= top:
            return name
    return TOP_MOOD_BAND


def _arrive(scenario: Scenario, position: Position, key: str) -> Position:
    """Move to ``key``, reading through narration to the next customer step."""
    turns, seen = list(position.turns), set()
    step = scenario.step(key)
    while step is not None and step.kind == NARRATION and step.key not in seen:
        seen.add(step.key)
        turns.append(Turn(step.key, mood=position.mood))
        step = scenario.step(step.next)
    if step is None or step.key in seen:
        raise PlayError("broken")
    return Position(
        step.key, position.mood, position.score, position.critical, tuple(turns)
    )


def begin(scenario: Scenario, mood: int) -> Position:
    """The first position of a run: the start, past any opening narration."""
    return _arrive(scenario, Position(scenario.start, clamp_mood(mood)), scenario.start)


def choose(scenario: Scenario, position: Position, reply_key: str) -> Position:
    """Answer the current step with ``reply_key``."""
    step = scenario.step(position.step)
    if step is None:
        raise PlayError("broken")
    if step.kind == ENDING:
        raise PlayError("finished")
    reply = step.reply(reply_key)
    if reply is None:
        raise PlayError("not_offered")
    mood = clamp_mood(position.mood + reply.mood_change)
    turn = Turn(step.key, reply.key, reply.score, mood)
    moved = Position(
        step.key,
        mood,
        position.score + reply.score,
        position.critical or reply.critical,
        (*position.turns, turn),
    )
    return _arrive(scenario, moved, reply.next)


def is_finished(scenario: Scenario, position: Position) -> bool:
    step = scenario.step(position.step)
    return step is not None and step.kind == ENDING


@dataclass(frozen=True)
class Result:
    raw: int
    scaled: int
    outcome: str
    ending: str
    critical: bool
    ending_passes: bool
    reached_threshold: bool

    @property
    def passed(self) -> bool:
        return passes(self.reached_threshold, self.critical, self.ending_passes)


def passes(reached_threshold: bool, critical: bool, ending_passes: bool) -> bool:
    """The pass rule: threshold reached, no critical reply, a passing ending."""
    return reached_threshold and not critical and ending_passes


def result(scenario: Scenario, position: Position, threshold: int) -> Result:
    """The result of a finished run, scored against the scenario's range."""
    ending = scenario.step(position.step)
    if ending is None or ending.kind != ENDING:
        raise PlayError("not_finished")
    analysis = analyse(scenario, threshold)
    lowest = analysis.lowest if analysis.lowest is not None else position.score
    highest = analysis.highest if analysis.highest is not None else position.score
    scaled = scaled_score(position.score, lowest, highest)
    return Result(
        raw=position.score,
        scaled=scaled,
        outcome=ending.outcome,
        ending=ending.key,
        critical=position.critical,
        ending_passes=ending.counts_as_pass,
        reached_threshold=scaled >= threshold,
    )


@dataclass
class ClauseTally:
    clause: int
    good: int = 0
    poor: int = 0

    @property
    def total(self) -> int:
        return self.good + self.poor


def clause_scorecard(scenario: Scenario, turns) -> list[ClauseTally]:
    """Per clause tagged on the replies offered on the path: good vs poor answers.

    At every customer step the learner answered, each clause tagged on any reply
    offered there counts the learner's reply: good if it scored above zero and was
    not critical, poor otherwise.
    """
    tallies: dict[int, ClauseTally] = {}
    for turn in turns:
        step = scenario.step(turn.step)
        chosen = step.reply(turn.reply) if step and turn.reply else None
        if chosen is None:
            continue
        clauses = dict.fromkeys(pk for reply in step.replies for pk in reply.clauses)
        for pk in clauses:
            tally = tallies.setdefault(pk, ClauseTally(pk))
            if chosen.is_good:
                tally.good += 1
            else:
                tally.poor += 1
    return list(tallies.values())
