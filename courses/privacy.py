"""The courses' part of a person's data export (``people.privacy``).

Lesson completions, visits and course activity name no one but through the
login, which the people app anonymises; they stay as they are on erasure, so
progress and the reports built on it do not change.
"""

from courses.models import CourseActivity, LessonCompletion, LessonVisit
from people.privacy import register


def export_courses(profile) -> dict:
    """The lessons the person opened and finished, and where they were."""
    user_id = profile.user_id
    completions = LessonCompletion.objects.filter(user_id=user_id)
    visits = LessonVisit.objects.filter(user_id=user_id)
    activity = CourseActivity.objects.filter(user_id=user_id)
    return {
        "lessons_completed": [
            {"lesson": title, "completed_at": moment}
            for title, moment in completions.order_by("completed_at", "pk").values_list(
                "lesson__title", "completed_at"
            )
        ],
        "lessons_opened": [
            {"lesson": title, "first_opened_at": moment}
            for title, moment in visits.order_by("first_opened_at", "pk").values_list(
                "lesson__title", "first_opened_at"
            )
        ],
        "course_activity": [
            {
                "course": course,
                "started_at": started,
                "last_seen_at": seen,
                "last_lesson": last_lesson,
            }
            for course, started, seen, last_lesson in activity.order_by(
                "started_at", "pk"
            ).values_list(
                "course__title", "started_at", "last_seen_at", "last_lesson__title"
            )
        ],
    }


register("courses", export=export_courses)
