"""Learner pages keep what every learner sees (routes, the course's structure,
a lesson's body) between requests, and forget it as soon as the content changes;
what is a learner's own (progress, their CSRF token, their role-play card) is
never kept."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageViewRestriction

from courses.models import Clause, CourseActivity, LessonPage, LessonVisit
from tests.factories import UserFactory, lessons_of, make_course

pytestmark = pytest.mark.django_db


def logged_in(user=None, **kwargs) -> Client:
    client = Client(**kwargs)
    user = user or UserFactory()
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def course():
    return make_course(modules=1, lessons=2)


@pytest.fixture
def lesson(course):
    return lessons_of(course)[0]


def republish(page, **changes):
    page = page.specific.get_latest_revision_as_object()
    for name, value in changes.items():
        setattr(page, name, value)
    page.save_revision().publish()
    return page


def test_a_lesson_republished_shows_its_new_text_at_once(lesson):
    client = logged_in()
    assert "Answer before the third ring" not in client.get(lesson.url).text
    client.get(lesson.url)  # kept now

    body = list(lesson.body.raw_data)
    body.insert(0, {"type": "text", "value": "<p>Answer before the third ring.</p>"})
    republish(lesson, title="Picking up", body=body)

    html = client.get(lesson.url).text
    assert "Answer before the third ring." in html
    assert "Picking up" in html


def test_a_lesson_unpublished_is_gone_at_once(lesson):
    client = logged_in()
    assert client.get(lesson.url).status_code == 200

    lesson.specific.unpublish()

    assert client.get(lesson.url).status_code == 404


def test_a_lesson_moved_answers_at_its_new_address_only(course, lesson):
    client = logged_in()
    old_url = lesson.url
    assert client.get(old_url).status_code == 200

    republish(lesson, slug="picking-up")
    moved = LessonPage.objects.get(pk=lesson.pk)

    assert client.get(old_url).status_code == 404
    assert moved.url.endswith("/picking-up/")
    assert client.get(moved.url).status_code == 200


def test_a_clause_renamed_is_renamed_in_the_lessons_that_teach_it(lesson):
    clause = Clause.objects.create(code="TEL-1", title="Answer within three rings")
    body = list(lesson.body.raw_data)
    question = next(b for b in body if b["type"] == "practice_question")
    question["value"]["clauses"] = [clause.pk]
    lesson = republish(lesson, body=body)
    client = logged_in()
    assert "Answer within three rings" in client.get(lesson.url).text

    clause.title = "Answer within two rings"
    clause.save()

    html = client.get(lesson.url).text
    assert "Answer within two rings" in html
    assert "Answer within three rings" not in html


def test_a_page_made_private_is_refused_at_once(course, lesson):
    client = logged_in()
    assert client.get(lesson.url).status_code == 200

    trainers = Group.objects.create(name="Trainers only")
    restriction = PageViewRestriction.objects.create(
        page=course, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(trainers)

    assert client.get(lesson.url).status_code != 200
    client.user.groups.add(trainers)
    assert client.get(lesson.url).status_code == 200


def csrf_token_in_form(html: str) -> str:
    form = html[html.index('class="practice__form"') :]
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)


def test_each_learner_gets_their_own_token_in_a_kept_lesson(lesson):
    first, second = logged_in(), logged_in()
    first.get(lesson.url)  # the body is kept from here on

    tokens = [csrf_token_in_form(c.get(lesson.url).text) for c in (first, second)]

    assert tokens[0] != tokens[1]
    assert "csrf-token-of-the-learner" not in second.get(lesson.url).text


def test_the_practice_form_of_a_kept_lesson_posts_with_csrf_checks_on(lesson):
    client = logged_in(enforce_csrf_checks=True)
    client.get(lesson.url)
    token = csrf_token_in_form(client.get(lesson.url).text)
    block_id = next(iter(lesson.practice_questions))
    url = reverse("courses:check_practice", args=[lesson.pk, block_id])

    refused = client.post(url, {"choice": 0}, headers={"Accept": "application/json"})
    answered = client.post(
        url,
        {"choice": 0, "csrfmiddlewaretoken": token},
        headers={"Accept": "application/json"},
    )

    assert refused.status_code == 403
    assert answered.status_code == 200
    assert answered.json()["correct"] is True


def test_progress_is_never_kept_between_learners(course, lesson):
    reader, newcomer = logged_in(), logged_in()
    reader.get(lesson.url)
    reader.post(reverse("courses:complete_lesson", args=[lesson.pk]))

    assert "pill--success" in reader.get(lesson.url).text  # "Done"
    assert "pill--success" not in newcomer.get(lesson.url).text
    assert "0%" in newcomer.get(course.url).text


def writes(queries) -> list[str]:
    return [
        q["sql"]
        for q in queries
        if q["sql"].split()[0].upper() in {"INSERT", "UPDATE", "DELETE"}
    ]


def test_reading_the_same_lesson_again_writes_nothing(lesson):
    client = logged_in()
    client.get(lesson.url)

    with CaptureQueriesContext(connection) as queries:
        assert client.get(lesson.url).status_code == 200

    assert writes(queries) == []
    assert LessonVisit.objects.filter(user=client.user, lesson=lesson).exists()


def test_moving_on_to_another_lesson_records_the_new_place(course):
    first, second = lessons_of(course)[:2]
    client = logged_in()
    client.get(first.url)

    with CaptureQueriesContext(connection) as queries:
        client.get(second.url)

    assert writes(queries)
    activity = CourseActivity.objects.get(user=client.user)
    assert activity.last_lesson_id == second.pk
    assert LessonVisit.objects.filter(user=client.user, lesson=second).exists()


def test_staying_on_a_lesson_refreshes_last_seen_now_and_then(lesson):
    client = logged_in()
    client.get(lesson.url)
    long_ago = timezone.now() - timedelta(hours=2)
    CourseActivity.objects.filter(user=client.user).update(last_seen_at=long_ago)

    client.get(lesson.url)

    seen = CourseActivity.objects.get(user=client.user).last_seen_at
    assert seen > timezone.now() - timedelta(minutes=1)


def test_the_cache_switched_off_serves_the_same_page(settings, lesson):
    client = logged_in()
    kept = client.get(lesson.url).text
    settings.TRAINING_PAGE_CACHE = False

    with CaptureQueriesContext(connection) as queries:
        fresh = client.get(lesson.url).text

    token = re.compile(r'value="[^"]{30,}"')
    assert token.sub("", fresh) == token.sub("", kept)
    assert len(queries) > 10  # the tree walked, the body's clauses read again


def test_the_admin_link_follows_a_change_of_group_at_once(lesson):
    from django.contrib.auth.models import Permission

    client = logged_in()
    admin_url = reverse("wagtailadmin_home")
    assert f'href="{admin_url}"' not in client.get(lesson.url).text

    editors = Group.objects.create(name="Course editors")
    editors.permissions.add(
        Permission.objects.get(
            codename="access_admin", content_type__app_label="wagtailadmin"
        )
    )
    client.user.groups.add(editors)

    assert f'href="{admin_url}"' in client.get(lesson.url).text
