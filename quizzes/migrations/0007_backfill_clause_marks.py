"""Fill the clause marks of attempts graded before the table existed, from
their answers' snapshots (as grading writes them now)."""

from itertools import groupby
from operator import attrgetter

from django.conf import settings
from django.db import migrations

from quizzes.models import clause_mark_rows

CLAUSE_MODEL = getattr(settings, "QUIZZES_CLAUSE_MODEL", "courses.Clause")
BATCH = 2000


def backfill_clause_marks(apps, schema_editor):
    """One mark per graded answer and existing clause it was tagged with, for
    every graded attempt that is not practice and has none yet."""
    Answer = apps.get_model("quizzes", "Answer")
    Mark = apps.get_model("quizzes", "AnswerClauseMark")
    Clause = apps.get_model(CLAUSE_MODEL)
    clause_ids = set(Clause._default_manager.values_list("pk", flat=True))
    answers = (
        Answer.objects.filter(
            attempt__status="graded",
            attempt__practice=False,
            attempt__submitted_at__isnull=False,
            points_awarded__isnull=False,
        )
        .exclude(attempt__in=Mark.objects.values("attempt_id"))
        .select_related("attempt")
        .order_by("attempt_id", "position")
    )
    pending = []
    by_attempt = groupby(answers.iterator(chunk_size=BATCH), key=attrgetter("attempt"))
    for attempt, its_answers in by_attempt:
        pending += clause_mark_rows(attempt, its_answers, clause_ids)
        if len(pending) >= BATCH:
            Mark.objects.bulk_create([Mark(**row) for row in pending])
            pending = []
    Mark.objects.bulk_create([Mark(**row) for row in pending])


class Migration(migrations.Migration):
    dependencies = [
        ("quizzes", "0006_answer_clause_marks"),
        migrations.swappable_dependency(CLAUSE_MODEL),
    ]

    operations = [
        migrations.RunPython(backfill_clause_marks, migrations.RunPython.noop),
    ]
