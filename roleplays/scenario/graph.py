"""A role-play scenario as a graph of plain values.

A scenario is a set of steps linked
by author-typed keys: customer steps offer 2-4 replies, each pointing to the key
of the next step; narration steps lead on to one step; endings close the dialogue.
The graph must be acyclic, so the lowest and highest score of every path can be
found exactly by dynamic programming over a topological order.
"""

import re
import uuid
from dataclasses import dataclass
from functools import cached_property

CUSTOMER, NARRATION, ENDING = "customer", "narration", "ending"
RESOLVED, ESCALATED, LOST = "resolved", "escalated", "customer_lost"
OUTCOMES = (RESOLVED, ESCALATED, LOST)
MOOD_MIN, MOOD_MAX = -5, 5
MIN_REPLIES, MAX_REPLIES = 2, 4
KEY_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,49}$")
# Mood bands, lowest first: (highest mood in the band, name).
MOOD_BANDS = ((-4, "furious"), (-2, "upset"), (1, "neutral"), (3, "pleased"))
TOP_MOOD_BAND = "delighted"


@dataclass(frozen=True)
class Reply:
    key: str
    text: str
    next: str
    score: int = 0
    feedback: str = ""
    mood_change: int = 0
    clauses: tuple[int, ...] = ()
    critical: bool = False

    @property
    def is_good(self) -> bool:
        return self.score > 0 and not self.critical


@dataclass(frozen=True)
class Step:
    key: str
    kind: str
    text: str = ""
    replies: tuple[Reply, ...] = ()
    next: str = ""
    outcome: str = ""
    counts_as_pass: bool = False

    def reply(self, key: str) -> Reply | None:
        return next((reply for reply in self.replies if reply.key == key), None)


@dataclass(frozen=True)
class Scenario:
    steps: tuple[Step, ...]
    start_key: str = ""

    @cached_property
    def by_key(self) -> dict[str, Step]:
        steps = {}
        for step in self.steps:
            steps.setdefault(step.key, step)
        return steps

    @property
    def start(self) -> str:
        if self.start_key:
            return self.start_key
        return self.steps[0].key if self.steps else ""

    def step(self, key: str) -> Step | None:
        return self.by_key.get(key)


# Reading the StreamField's raw JSON -------------------------------------------


def _items(raw_list) -> list:
    """ListBlock values, stored either as plain values or as {"type": "item"} dicts."""
    items = []
    for item in raw_list or []:
        if isinstance(item, dict) and item.get("type") == "item" and "value" in item:
            item = item["value"]
        items.append(item)
    return items


def _int(value, default: int = 0) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def _text(value) -> str:
    """Text as typed, with the browser's CRLF line breaks made plain."""
    return str(value or "").replace("\r\n", "\n")


def _reply_from_raw(value: dict) -> Reply:
    return Reply(
        key=str(value.get("key") or "").strip(),
        text=_text(value.get("text")),
        next=str(value.get("next") or "").strip(),
        score=_int(value.get("score")),
        feedback=_text(value.get("feedback")),
        mood_change=_int(value.get("mood_change")),
        clauses=tuple(_int(pk) for pk in _items(value.get("clauses")) if pk),
        critical=bool(value.get("critical")),
    )


def scenario_from_raw(raw_steps, start: str = "") -> Scenario:
    """A scenario from the steps StreamField's raw JSON (a list of block dicts)."""
    steps = []
    for block in raw_steps or []:
        kind, value = block.get("type"), block.get("value") or {}
        key = str(value.get("key") or "").strip()
        if kind == "customer_step":
            replies = tuple(_reply_from_raw(v) for v in _items(value.get("replies")))
            steps.append(Step(key, CUSTOMER, _text(value.get("line")), replies))
        elif kind == "narration":
            text, target = _text(value.get("text")), str(value.get("next") or "")
            steps.append(Step(key, NARRATION, text, next=target.strip()))
        elif kind == "ending":
            steps.append(
                Step(
                    key,
                    ENDING,
                    _text(value.get("debrief")),
                    outcome=str(value.get("outcome") or ""),
                    counts_as_pass=bool(value.get("counts_as_pass")),
                )
            )
    return Scenario(tuple(steps), (start or "").strip())


BLOCK_TYPES = {CUSTOMER: "customer_step", NARRATION: "narration", ENDING: "ending"}


def _item(value) -> dict:
    """A list item as Wagtail stores it; without an id it reads as the old format."""
    return {"type": "item", "value": value, "id": str(uuid.uuid4())}


def _step_to_raw(step: Step) -> dict:
    if step.kind == CUSTOMER:
        replies = [
            _item(
                {
                    "key": reply.key,
                    "text": reply.text,
                    "score": reply.score,
                    "feedback": reply.feedback,
                    "mood_change": reply.mood_change,
                    "clauses": [_item(pk) for pk in reply.clauses],
                    "critical": reply.critical,
                    "next": reply.next,
                }
            )
            for reply in step.replies
        ]
        return {"key": step.key, "line": step.text, "replies": replies}
    if step.kind == NARRATION:
        return {"key": step.key, "text": step.text, "next": step.next}
    return {
        "key": step.key,
        "outcome": step.outcome,
        "counts_as_pass": step.counts_as_pass,
        "debrief": step.text,
    }


def scenario_to_raw(scenario: Scenario) -> list[dict]:
    """The steps StreamField's raw JSON for a scenario (the reverse of the above)."""
    return [
        {"type": BLOCK_TYPES[step.kind], "value": _step_to_raw(step)}
        for step in scenario.steps
    ]


def edges(step: Step) -> list[tuple[Reply | None, str]]:
    """The ways out of a step: (reply, target); narration has no reply."""
    if step.kind == CUSTOMER:
        return [(reply, reply.next) for reply in step.replies]
    if step.kind == NARRATION and step.next:
        return [(None, step.next)]
    return []


def successors(scenario: Scenario, key: str) -> list[str]:
    step = scenario.by_key[key]
    return [t for _reply, t in edges(step) if t in scenario.by_key]


def find_cycles(scenario: Scenario) -> list[tuple[str, ...]]:
    """Each distinct cycle once, as the keys along it (first key repeated last)."""
    colour = dict.fromkeys(scenario.by_key, 0)  # 0 new, 1 on the stack, 2 done
    cycles, seen = [], set()
    for root in scenario.by_key:
        if colour[root]:
            continue
        stack, trail = [(root, iter(successors(scenario, root)))], [root]
        colour[root] = 1
        while stack:
            key, targets = stack[-1]
            target = next(targets, None)
            if target is None:
                colour[key] = 2
                stack.pop()
                trail.pop()
            elif colour[target] == 1:
                cycle = (*trail[trail.index(target) :], target)
                if frozenset(cycle) not in seen:
                    seen.add(frozenset(cycle))
                    cycles.append(cycle)
            elif colour[target] == 0:
                colour[target] = 1
                stack.append((target, iter(successors(scenario, target))))
                trail.append(target)
    return cycles


def reachable_from(scenario: Scenario, key: str) -> set[str]:
    if key not in scenario.by_key:
        return set()
    seen, todo = {key}, [key]
    while todo:
        for target in successors(scenario, todo.pop()):
            if target not in seen:
                seen.add(target)
                todo.append(target)
    return seen


def topological(scenario: Scenario, keys: set[str]) -> list[str]:
    """``keys`` in an order where every step comes before the steps it leads to."""
    order, done = [], set()
    for root in sorted(keys):
        if root in done:
            continue
        stack = [(root, iter(successors(scenario, root)))]
        done.add(root)
        while stack:
            key, targets = stack[-1]
            target = next(targets, None)
            if target is None:
                order.append(key)
                stack.pop()
            elif target in keys and target not in done:
                done.add(target)
                stack.append((target, iter(successors(scenario, target))))
    return order[::-1]


def scaled_score(raw: int, lowest: int, highest: int) -> int:
    """``raw`` on a 0-100 scale from the lowest to the highest path score."""
    if highest <= lowest:
        return 100
    return max(0, min(100, round(100 * (raw - lowest) / (highest - lowest))))
