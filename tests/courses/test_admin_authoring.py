"""Trainers author courses in the Wagtail admin, with every lesson block."""

import uuid
from io import BytesIO

import pytest
from django.core.files.images import ImageFile
from PIL import Image as PillowImage
from wagtail.images.models import Image
from wagtail.models import Page
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from courses.models import Clause, CoursePage, LessonPage, ModulePage
from tests.factories import PASSWORD, UserFactory, training_index

pytestmark = pytest.mark.django_db


@pytest.fixture
def trainer(client):
    user = UserFactory(roles=["Trainers"])
    client.login(username=user.username, password=PASSWORD)
    return user


@pytest.fixture
def image():
    buffer = BytesIO()
    PillowImage.new("RGB", (640, 360), "#0e6e78").save(buffer, "PNG")
    return Image.objects.create(
        title="Counter", file=ImageFile(buffer, name="counter.png")
    )


def items(*values):
    """Form data for a ListBlock."""
    data = {"count": str(len(values))}
    for index, value in enumerate(values):
        data[str(index)] = {
            "value": value,
            "deleted": "",
            "order": str(index),
            "id": str(uuid.uuid4()),
        }
    return data


def add_page(client, model, parent, data):
    url = f"/admin/pages/add/courses/{model._meta.model_name}/{parent.pk}/"
    return client.post(url, {**data, "action-publish": "publish"})


def every_block(image, clause):
    clauses = items(str(clause.pk))
    return streamfield(
        [
            ("heading", {"text": "Answering the phone"}),
            ("text", rich_text("<p>Pick up before the third ring.</p>")),
            (
                "image",
                {
                    "image": {"image": image.pk, "alt_text": "A counter"},
                    "caption": "Hi",
                },
            ),
            (
                "video",
                {
                    "video": "https://media.example.com/greeting.mp4",
                    "caption": "A greeting",
                    "transcript": "Good morning!",
                },
            ),
            (
                "speech_formula",
                {
                    "situation": "Greeting a caller",
                    "say_this": items("Good morning, this is Anna."),
                    "not_that": items("Yeah?"),
                    "why": "They know who they reached.",
                    "clauses": clauses,
                },
            ),
            (
                "do_dont",
                {
                    "title": "At the counter",
                    "do": items("Greet within ten seconds"),
                    "dont": items("Finish a private chat first"),
                    "clauses": clauses,
                },
            ),
            (
                "checklist",
                {
                    "title": "Before opening",
                    "items": items("Badge on"),
                    "clauses": clauses,
                },
            ),
            (
                "key_takeaways",
                {"items": items("Answer within one hour"), "clauses": clauses},
            ),
            (
                "callout",
                {
                    "kind": "policy",
                    "title": "Our promise",
                    "text": rich_text("<p>An answer within one hour.</p>"),
                    "clauses": clauses,
                },
            ),
            (
                "practice_question",
                {
                    "question": "How soon?",
                    "choices": items(
                        {"text": "One hour", "is_correct": "on", "feedback": "Yes"},
                        {"text": "One week", "is_correct": "", "feedback": "No"},
                    ),
                    "explanation": "The standard says one hour.",
                    "clauses": clauses,
                },
            ),
        ]
    )


def test_a_trainer_builds_a_course_module_and_lesson_with_every_block(
    client, trainer, image
):
    clause = Clause.objects.create(code="TEL-1", title="Answer within three rings")

    response = add_page(
        client,
        CoursePage,
        training_index(),
        {
            "title": "Service standard",
            "slug": "service-standard",
            "validity_months": "12",
        },
    )
    assert response.status_code == 302, response.content[:2000]
    course = CoursePage.objects.get(slug="service-standard")

    response = add_page(
        client,
        ModulePage,
        course,
        {
            "title": "Telephone",
            "slug": "telephone",
            "estimated_minutes": "20",
            "objectives": "Greet",
        },
    )
    assert response.status_code == 302
    module = ModulePage.objects.get(slug="telephone")

    data = nested_form_data(
        {
            "title": "Answering",
            "slug": "answering",
            "estimated_minutes": "5",
            "body": every_block(image, clause),
        }
    )
    response = add_page(client, LessonPage, module, data)
    assert response.status_code == 302, (
        response.context["form"].errors if response.context else ""
    )

    lesson = LessonPage.objects.get(slug="answering")
    assert lesson.live
    assert [block.block_type for block in lesson.body] == [
        "heading",
        "text",
        "image",
        "video",
        "speech_formula",
        "do_dont",
        "checklist",
        "key_takeaways",
        "callout",
        "practice_question",
    ]
    assert lesson.taught_clause_ids() == {clause.pk}

    html = client.get(lesson.url).content.decode()
    assert "Good morning, this is Anna." in html
    assert "<video" in html


def test_a_practice_question_needs_a_correct_choice(client, trainer):
    module = _module()
    body = streamfield(
        [
            (
                "practice_question",
                {
                    "question": "How soon?",
                    "choices": items(
                        {"text": "One hour", "is_correct": "", "feedback": ""},
                        {"text": "One week", "is_correct": "", "feedback": ""},
                    ),
                    "explanation": "",
                    "clauses": items(),
                },
            )
        ]
    )
    data = nested_form_data(
        {"title": "Q", "slug": "q", "estimated_minutes": "5", "body": body}
    )

    response = add_page(client, LessonPage, module, data)

    assert response.status_code == 200
    assert not LessonPage.objects.filter(slug="q").exists()
    assert "Mark at least one choice as correct." in response.content.decode()


def test_a_trainer_previews_a_lesson_before_publishing(client, trainer):
    module = _module()
    body = streamfield([("heading", {"text": "Preview me"})])
    data = nested_form_data(
        {"title": "Draft", "slug": "draft", "estimated_minutes": "5", "body": body}
    )
    preview_url = f"/admin/pages/add/courses/lessonpage/{module.pk}/preview/"

    posted = client.post(preview_url, data)
    assert posted.status_code == 200
    assert posted.json()["is_valid"] is True

    response = client.get(preview_url)
    assert response.status_code == 200
    assert "Preview me" in response.content.decode()


def test_trainers_cannot_edit_pages_outside_the_training_tree(client, trainer):
    home = Page.objects.get(depth=2)

    response = client.get(f"/admin/pages/{home.pk}/edit/")

    assert response.status_code in {302, 403}


def test_learners_cannot_reach_the_page_editor(client):
    user = UserFactory()
    client.login(username=user.username, password=PASSWORD)

    response = client.get(f"/admin/pages/add/courses/coursepage/{training_index().pk}/")

    assert response.status_code == 302
    assert not CoursePage.objects.exists()


def test_lessons_can_only_be_added_under_modules(client, trainer):
    url = f"/admin/pages/add/courses/lessonpage/{training_index().pk}/"

    response = client.get(url)

    assert response.status_code in {302, 403}


def test_trainers_manage_the_clauses_of_the_standard(client, trainer):
    response = client.post(
        "/admin/snippets/courses/clause/add/",
        {
            "code": "TEL-2",
            "title": "Smile on the phone",
            "description": "It can be heard.",
        },
    )

    assert response.status_code == 302
    assert Clause.objects.filter(code="TEL-2").exists()
    listing = client.get("/admin/snippets/courses/clause/")
    assert "Smile on the phone" in listing.content.decode()


def _module():
    from tests.factories import make_course

    course = make_course(modules=1, lessons=0)
    return ModulePage.objects.child_of(course).get()
