from certification.clauses import ClauseScore, clause_scores, weakest


def test_scores_average_each_clause():
    scores = clause_scores([(1, 1), (1, 0), (2, 0.5), (1, 1)])

    assert scores[1] == ClauseScore(1, 2 / 3, 3)
    assert scores[2].percent == 50


def test_results_outside_zero_to_one_are_clamped():
    assert clause_scores([(1, 3), (1, -2)])[1].share == 0.5


def test_weakest_are_the_lowest_first_and_skip_perfect_ones():
    scores = clause_scores([(1, 1), (2, 0), (3, 0.5), (4, 0.25), (5, 1)])

    assert [s.clause_id for s in weakest(scores, limit=2)] == [2, 4]
    assert 5 not in [s.clause_id for s in weakest(scores, limit=10)]


def test_weakest_can_require_enough_evidence():
    scores = clause_scores([(1, 0), (2, 0.5), (2, 0.5)])

    assert [s.clause_id for s in weakest(scores, min_count=2)] == [2]


def test_no_results_no_weak_clauses():
    assert weakest(clause_scores([])) == []
