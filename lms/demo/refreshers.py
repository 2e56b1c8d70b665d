"""The demo's change to the standard (content/material_change.yaml): recorded
ten days ago, with some refreshers done and the rest still to do."""

import random
from datetime import timedelta
from pathlib import Path

import yaml
from django.contrib.auth import get_user_model
from django.utils import timezone

from certification import refreshers
from certification.models import MaterialChange, Refresher
from courses.models import Clause, CoursePage
from lms.demo.histories import take_quiz
from people.languages import original_language

FILE = Path(__file__).parent / "content" / "material_change.yaml"
SEED = 2027


def load_material_change(*, stdout=None) -> MaterialChange:
    """Record the change once; a second load finds it and changes nothing."""
    spec = yaml.safe_load(FILE.read_text())
    course = CoursePage.objects.filter(original_language()).get(slug=spec["course"])
    found = MaterialChange.objects.filter(course=course, reason=spec["reason"]).first()
    if found:
        if found.reason_translations != spec.get("reason_translations", {}):
            found.reason_translations = spec.get("reason_translations", {})
            found.save(update_fields=["reason_translations"])
        return found
    now = timezone.now()
    recorded = now - timedelta(days=spec["recorded_days_ago"])
    trainer = get_user_model().objects.get(username="trainer")
    change = refreshers.record_change(
        course,
        clauses=Clause.objects.filter(original_language(), code__in=spec["clauses"]),
        reason=spec["reason"],
        reason_translations=spec.get("reason_translations", {}),
        due_on=timezone.localdate(now) + timedelta(days=spec["due_in_days"]),
        questions=spec["questions"],
        actor=trainer,
    )
    MaterialChange.objects.filter(pk=change.pk).update(created_at=recorded)
    _do_some(change, spec["done"], trainer, recorded)
    if stdout:
        stdout.write(f"Material change: {change.refreshers.count()} refreshers")
    return change


def _do_some(change, count: int, trainer, since) -> None:
    """The first ``count`` people (by employee ID) pass their refresher, a day
    apart after the change was recorded."""
    rng = random.Random(SEED)
    found = Refresher.objects.filter(change=change).order_by(
        "record__user__staff_profile__employee_id"
    )
    for day, refresher in enumerate(found[:count], start=1):
        at = since + timedelta(days=day)
        user = refresher.record.user
        take_quiz(
            user,
            change.quiz,
            trainer=trainer,
            rng=rng,
            skill=0.9,
            at=at,
            must_pass=True,
        )
        refreshers.complete(refresher, at=at)
