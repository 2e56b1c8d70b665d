"""Certification under concurrent requests (PostgreSQL: real row locks).

A transactional test empties the database when it ends; pytest-django runs such
tests after the others, and this one sets up what it needs itself.
"""

import threading
import uuid
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from certification import services
from certification.models import (
    Certificate,
    Observation,
    ObservationChecklist,
    Rating,
)
from tests.factories import StaffProfileFactory, UserFactory, make_course


@pytest.mark.django_db(transaction=True)
def test_concurrent_evidence_issues_exactly_one_certificate(on_postgres):
    # An earlier transactional test may have emptied the database.
    call_command("setup_training", stdout=StringIO())
    course = make_course("Concurrent course", modules=1, lessons=1)
    learner = StaffProfileFactory().user
    trainer = UserFactory(roles=["Trainers"])
    checklist = ObservationChecklist.objects.get(title=services.DEFAULT_CHECKLIST)
    ratings = {item.pk: (Rating.MEETS, "") for item in checklist.items.all()}
    barrier = threading.Barrier(4)
    errors = []

    def worker():
        try:
            barrier.wait()
            services.record_observation(
                trainer,
                learner=learner,
                course=course,
                checklist=checklist,
                ratings=ratings,
                passed=True,
                comments="Calm and friendly",
                submission_key=uuid.uuid4(),
            )
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert Observation.objects.count() == 4
    assert Certificate.objects.filter(record__user=learner).count() == 1
