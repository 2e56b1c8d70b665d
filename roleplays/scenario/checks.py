"""Checks of a scenario's graph, run when an author saves it."""

from dataclasses import dataclass

from roleplays.scenario.graph import (
    CUSTOMER,
    ENDING,
    KEY_PATTERN,
    LOST,
    MAX_REPLIES,
    MIN_REPLIES,
    OUTCOMES,
    Scenario,
    edges,
    find_cycles,
    reachable_from,
    scaled_score,
    topological,
)


@dataclass(frozen=True)
class Problem:
    """One finding about a scenario; ``blocking`` ones stop it being published."""

    code: str
    blocking: bool
    step: str = ""
    reply: str = ""
    target: str = ""
    path: tuple[str, ...] = ()


@dataclass(frozen=True)
class EndingRow:
    key: str
    outcome: str
    counts_as_pass: bool
    reachable: bool
    lowest: int | None = None
    highest: int | None = None
    lowest_scaled: int | None = None
    highest_scaled: int | None = None
    can_pass: bool = False


@dataclass(frozen=True)
class Analysis:
    problems: tuple[Problem, ...]
    endings: tuple[EndingRow, ...] = ()
    lowest: int | None = None
    highest: int | None = None

    @property
    def errors(self) -> list[Problem]:
        return [problem for problem in self.problems if problem.blocking]

    @property
    def warnings(self) -> list[Problem]:
        return [problem for problem in self.problems if not problem.blocking]

    @property
    def is_playable(self) -> bool:
        return not self.errors


def _key_problems(scenario: Scenario) -> list[Problem]:
    problems, seen = [], set()
    for step in scenario.steps:
        if not KEY_PATTERN.match(step.key):
            problems.append(Problem("bad_key", True, step=step.key))
        elif step.key in seen:
            problems.append(Problem("duplicate_step_key", True, step=step.key))
        seen.add(step.key)
        reply_keys = set()
        for reply in step.replies:
            if not KEY_PATTERN.match(reply.key):
                problems.append(Problem("bad_key", True, step.key, reply.key))
            elif reply.key in reply_keys:
                problems.append(
                    Problem("duplicate_reply_key", True, step.key, reply.key)
                )
            reply_keys.add(reply.key)
    return problems


def _link_problems(scenario: Scenario) -> list[Problem]:
    problems = []
    if scenario.start not in scenario.by_key:
        problems.append(Problem("unknown_start", True, target=scenario.start))
    for step in scenario.steps:
        for reply, target in edges(step):
            if target not in scenario.by_key:
                reply_key = reply.key if reply else ""
                problems.append(
                    Problem("unknown_next", True, step.key, reply_key, target=target)
                )
        count = len(step.replies)
        if step.kind == CUSTOMER and count and not MIN_REPLIES <= count <= MAX_REPLIES:
            problems.append(Problem("reply_count", True, step.key))
        if step.kind != ENDING and not edges(step):
            problems.append(Problem("dead_end", True, step.key))
        if step.kind == ENDING and step.outcome not in OUTCOMES:
            problems.append(Problem("bad_outcome", True, step.key))
        if step.kind == ENDING and step.outcome == LOST and step.counts_as_pass:
            problems.append(Problem("lost_counts_as_pass", False, step.key))
    if not any(step.kind == ENDING for step in scenario.steps):
        problems.append(Problem("no_ending", True))
    return problems


def _best(scenario: Scenario, order: list[str], pick, allowed=lambda reply: True):
    """The lowest or highest (``pick``) score from the start to every step."""
    best = {scenario.start: 0}
    for key in order:
        if key not in best:
            continue
        for reply, target in edges(scenario.by_key[key]):
            if target not in scenario.by_key or (reply and not allowed(reply)):
                continue
            total = best[key] + (reply.score if reply else 0)
            best[target] = total if target not in best else pick(best[target], total)
    return best


def analyse(scenario: Scenario, threshold: int) -> Analysis:
    """Every problem of the graph, and the score range of each ending."""
    if not scenario.steps:
        return Analysis((Problem("no_steps", True),))
    problems = _key_problems(scenario) + _link_problems(scenario)
    cycles = find_cycles(scenario)
    problems += [Problem("cycle", True, step=c[0], path=c) for c in cycles]
    reachable = reachable_from(scenario, scenario.start)
    if reachable:
        problems += [
            Problem("unreachable", False, step=step.key)
            for step in scenario.steps
            if step.key not in reachable and step is scenario.by_key[step.key]
        ]
    if cycles or not reachable:
        return Analysis(tuple(problems))

    order = topological(scenario, reachable)
    low, high = _best(scenario, order, min), _best(scenario, order, max)
    clean = _best(scenario, order, max, lambda reply: not reply.critical)
    poor = _best(scenario, order, max, lambda r: r.score <= 0 and not r.critical)
    endings = [s for s in scenario.by_key.values() if s.kind == ENDING]
    reached = [step for step in endings if step.key in high]
    lowest = min((low[step.key] for step in reached), default=None)
    highest = max((high[step.key] for step in reached), default=None)

    def scaled(raw):
        return None if raw is None else scaled_score(raw, lowest, highest)

    rows = []
    for step in endings:
        best_clean = clean.get(step.key)
        can_pass = (
            step.counts_as_pass
            and best_clean is not None
            and scaled(best_clean) >= threshold
        )
        rows.append(
            EndingRow(
                step.key,
                step.outcome,
                step.counts_as_pass,
                step.key in high,
                low.get(step.key),
                high.get(step.key),
                scaled(low.get(step.key)),
                scaled(high.get(step.key)),
                can_pass,
            )
        )
    passing = [row for row in rows if row.counts_as_pass and row.reachable]
    if reached and not passing:
        problems.append(Problem("no_passing_ending", True))
    elif passing and not any(row.can_pass for row in rows):
        problems.append(Problem("pass_out_of_reach", True))
    problems += _critical_passes(scenario, reachable)
    poor_passes = [
        step.key
        for step in endings
        if step.counts_as_pass
        and step.key in poor
        and scaled(poor[step.key]) >= threshold
    ]
    if poor_passes:
        problems.append(Problem("poor_path_passes", False, step=poor_passes[0]))
    return Analysis(tuple(problems), tuple(rows), lowest, highest)


def _critical_passes(scenario: Scenario, reachable: set[str]) -> list[Problem]:
    problems = []
    for key in [key for key in scenario.by_key if key in reachable]:
        for reply in scenario.by_key[key].replies:
            if not reply.critical:
                continue
            after = reachable_from(scenario, reply.next)
            ending = next(
                (
                    k
                    for k in after
                    if scenario.by_key[k].kind == ENDING
                    and scenario.by_key[k].counts_as_pass
                ),
                None,
            )
            if ending:
                problems.append(
                    Problem("critical_reaches_pass", True, key, reply.key, ending)
                )
    return problems
