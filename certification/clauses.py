"""Per-clause results: how well a person (or a team) does on each clause."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class ClauseScore:
    clause_id: int
    share: float  # 0..1, the share of answers on this clause that were right
    count: int

    @property
    def percent(self) -> int:
        return round(100 * self.share)


def clause_scores(results: Iterable[tuple[int, float]]) -> dict[int, ClauseScore]:
    """Average ``(clause id, 0..1 result)`` pairs into one score per clause."""
    totals: dict[int, list[float]] = defaultdict(list)
    for clause_id, result in results:
        totals[clause_id].append(max(0.0, min(1.0, float(result))))
    return {
        clause_id: ClauseScore(clause_id, sum(values) / len(values), len(values))
        for clause_id, values in totals.items()
    }


def weakest(scores: dict[int, ClauseScore], *, limit: int = 3, min_count: int = 1):
    """The clauses with the lowest share right (ties: more evidence first)."""
    candidates = [score for score in scores.values() if score.count >= min_count]
    candidates.sort(key=lambda score: (score.share, -score.count, score.clause_id))
    return [score for score in candidates if score.share < 1.0][:limit]
