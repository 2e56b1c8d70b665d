"""The training section of a person's page in the admin: their certification
records, quiz attempts, role-play runs, practical observations and history.

People's admin knows nothing of certification: it asks the
``construct_staff_profile_panels`` hook for panels, and this module's panel is
the one certification adds. Each list is one query, whatever its length.
"""

from django.db.models import OuterRef, Subquery
from django.urls import reverse
from wagtail.admin.ui.components import Component

from certification.models import CertificationEvent, CertificationRecord, Observation
from certification.viewsets import RECORD_INSPECT_URL_NAME
from people.languages import show_titles_in_language
from quizzes.admin_views.marking import MARK_PERMISSION
from quizzes.models import Answer, Attempt
from roleplays.models import RolePlayRun

RECORD_PERMISSION = "certification.view_certificationrecord"
MARK_URL_NAME = "quiz_marking:mark"


def person_training(person, *, viewer) -> dict:
    """What the section lists about ``person`` (a user), with the admin links
    ``viewer`` may follow; five queries, and in a translated language one more
    for each kind of title (courses and role-plays, quizzes)."""
    sees_records = viewer.has_perm(RECORD_PERMISSION)
    marks = viewer.has_perm(MARK_PERMISSION)

    records = list(
        CertificationRecord.objects.filter(user=person)
        .select_related("course")
        .order_by("course__title", "pk")
    )
    record_urls = {}
    for record in records:
        record.inspect_url = (
            reverse(RECORD_INSPECT_URL_NAME, args=[record.pk]) if sees_records else ""
        )
        record_urls[record.course_id] = record.inspect_url

    first_essay = Answer.objects.filter(
        attempt=OuterRef("pk"), needs_marking=True
    ).order_by("position")
    attempts = list(
        Attempt.objects.filter(user=person)
        .select_related("quiz")
        .annotate(essay_id=Subquery(first_essay.values("pk")[:1]))
        .order_by("-started_at", "-pk")
    )
    for attempt in attempts:
        attempt.admin_url = (
            reverse(MARK_URL_NAME, args=[attempt.essay_id])
            if marks and attempt.essay_id
            else ""
        )

    observations = list(
        Observation.objects.filter(learner=person)
        .select_related("course", "observer")
        .order_by("-observed_on", "-created_at")
    )
    for observation in observations:
        url = record_urls.get(observation.course_id)
        observation.admin_url = f"{url}#observation-{observation.pk}" if url else ""

    runs = list(
        RolePlayRun.objects.filter(user=person)
        .select_related("page")
        .order_by("-started_at")
    )
    events = list(
        CertificationEvent.objects.filter(record__user=person)
        .select_related("record__course", "actor")
        .order_by("-at", "-pk")
    )
    # Titles in the reader's language (records keep the originals).
    show_titles_in_language(
        [record.course for record in records]
        + [attempt.quiz for attempt in attempts]
        + [run.page for run in runs]
        + [observation.course for observation in observations]
        + [event.record.course for event in events]
    )
    return {
        "records": records,
        "attempts": attempts,
        "runs": runs,
        "observations": observations,
        "events": events,
    }


class PersonTrainingPanel(Component):
    """The training section of one person's page in the staff admin."""

    name = "person_training"
    order = 100
    template_name = "certification/admin/person_training.html"

    def __init__(self, profile):
        self.profile = profile

    def get_context_data(self, parent_context):
        viewer = parent_context["request"].user
        return person_training(self.profile.user, viewer=viewer)
