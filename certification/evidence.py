"""A person's evidence for a course, read in a fixed number of queries."""

from dataclasses import dataclass, field
from datetime import datetime

from django.utils.translation import gettext as _

from certification.models import Observation
from certification.rules import OBSERVATION, Requirement
from courses.progress import course_outline


@dataclass
class Evidence:
    requirements: list[Requirement] = field(default_factory=list)
    lessons_done: int = 0
    lessons_total: int = 0
    quiz_attempts: list = field(default_factory=list)
    roleplay_runs: list = field(default_factory=list)
    observation: Observation | None = None
    last_activity_at: datetime | None = None


def gather(user, course, requirements, *, since=None) -> Evidence:
    """Everything that counts toward ``course`` for ``user`` since ``since``."""
    outline = course_outline(user, course)
    found = Evidence(
        lessons_done=outline.progress.done,
        lessons_total=outline.progress.total,
    )
    if requirements.observation_required:
        found.observation = _latest_observation(user, course, since)
        found.requirements.append(
            Requirement(
                OBSERVATION,
                "observation",
                _("Practical observation"),
                met=bool(found.observation and found.observation.passed),
                attempted=found.observation is not None,
            )
        )
    return found


def _latest_observation(user, course, since):
    observations = Observation.objects.filter(learner=user, course=course)
    if since:
        observations = observations.filter(created_at__gt=since)
    return observations.order_by("-observed_on", "-created_at").first()


def attach(certificate, found: Evidence) -> None:
    """Store the evidence with an issued certificate."""
