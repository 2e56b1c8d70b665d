from django.db import migrations


def backfill(apps, schema_editor):
    """A lesson already done, or the one a learner is on, was opened."""
    LessonCompletion = apps.get_model("courses", "LessonCompletion")
    CourseActivity = apps.get_model("courses", "CourseActivity")
    LessonVisit = apps.get_model("courses", "LessonVisit")
    activity = CourseActivity.objects.filter(last_lesson__isnull=False).values_list(
        "user_id", "last_lesson_id", "last_seen_at"
    )
    completions = LessonCompletion.objects.values_list(
        "user_id", "lesson_id", "completed_at"
    )
    first = {}
    for user_id, lesson_id, at in [*activity.iterator(), *completions.iterator()]:
        key = (user_id, lesson_id)
        first[key] = min(at, first.get(key, at))
    LessonVisit.objects.bulk_create(
        [
            LessonVisit(user_id=user_id, lesson_id=lesson_id, first_opened_at=at)
            for (user_id, lesson_id), at in first.items()
        ],
        batch_size=500,
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0006_lessonvisit"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
