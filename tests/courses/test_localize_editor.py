"""Lessons translated in the editor with wagtail-localize, through its admin views.

An administrator submits a lesson for translation into Russian, translates its
strings in the translation editor (or sends a PO file to a translator and uploads
it back), and publishes it; a learner who reads Russian then reads it under /ru/.
With "synchronise content from English" set on the Russian locale, a lesson added
to an English module appears at once in the Russian tree, as an alias.

wagtail-localize publishes in ``transaction.on_commit``; ``committed()`` runs those
callbacks as the end of a real request would.
"""

import html
import json
import re

import polib
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, TestCase
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.urls import reverse
from wagtail.models import Locale
from wagtail.test.utils.form_data import nested_form_data, streamfield
from wagtail_localize.models import LocaleSynchronization, Translation

from courses import localize
from courses.models import LessonPage
from people.languages import remember_language
from tests.factories import (
    JobRoleFactory,
    StaffProfileFactory,
    UserFactory,
    lessons_of,
    make_course,
)

pytestmark = pytest.mark.django_db

EDITOR_TEMPLATE = "wagtail_localize/admin/edit_translation.html"

# The lesson's strings (tests/factories.py SAMPLE_BODY), as a Russian trainer
# would write them.
RUSSIAN = {
    "Lesson 1.1": "Урок 1.1",
    "lesson-1-1": "urok-1-1",
    "Answering the phone": "Как отвечать на звонок",
    "Pick up before the third ring.": "Снимите трубку до третьего гудка.",
    "When should you pick up?": "Когда нужно снять трубку?",
    "Before the third ring": "До третьего гудка",
    "Yes.": "Верно.",
    "When you are free": "Когда освободитесь",
    "No.": "Нет.",
    "Callers hang up after about four rings.": (
        "После четырёх гудков клиенты обычно кладут трубку."
    ),
}


def committed():
    """Run the on-commit callbacks of the block, as the end of a request does."""
    return TestCase.captureOnCommitCallbacks(execute=True)


@pytest.fixture
def admin(client):
    """An administrator in the Wagtail admin, whose forms must carry the CSRF token."""
    client.handler.enforce_csrf_checks = True
    client.force_login(UserFactory(username="admin", is_superuser=True))
    client.get(reverse("wagtailadmin_home"))  # sets the CSRF cookie
    return client


def csrf_token(client) -> str:
    return client.cookies["csrftoken"].value


@pytest.fixture
def role():
    return JobRoleFactory(name="Receptionist")


@pytest.fixture
def course(role):
    course = make_course("Phone manner", modules=1, lessons=1)
    course.required_for_roles.add(role)
    course.save_revision().publish()
    return course


@pytest.fixture
def lesson(course):
    return lessons_of(course)[0]


@pytest.fixture
def russian_reader(role):
    """A learner of the course who chose Russian."""
    user = StaffProfileFactory(job_role=role).user
    remember_language(user, "ru")
    return user


def submit_for_translation(client, page, code="ru"):
    """Tick ``code`` on the "Translate this page" form and submit it."""
    url = reverse("wagtail_localize:submit_page_translation", args=[page.pk])
    locale = Locale.objects.get(language_code=code)
    with committed():
        return client.post(
            url, {"locales": [locale.pk], "csrfmiddlewaretoken": csrf_token(client)}
        )


def translation_of(page, code="ru") -> Translation:
    return Translation.objects.get(
        source__object_id=page.translation_key, target_locale__language_code=code
    )


def translated_into(page, code):
    """``page``'s translation (or alias) in the language ``code``."""
    return type(page).objects.get(
        translation_key=page.translation_key, locale__language_code=code
    )


def russian(page):
    return translated_into(page, "ru")


def open_editor(client, page) -> dict:
    """Open the translation editor of ``page`` (a translated page): the props its
    script starts from (each string with its save address, the PO file links)."""
    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code == 200
    assert EDITOR_TEMPLATE in [template.name for template in response.templates]
    props = re.search(
        r'class="js-translation-editor" data-props="([^"]*)"', response.text
    )
    return json.loads(html.unescape(props.group(1)))


def save_urls(editor) -> dict[str, str]:
    """Where the editor saves each string, by its English text."""
    return {
        segment["source"]: segment["editUrl"]
        for segment in editor["segments"]
        if segment["type"] == "string"
    }


def saved_strings(editor) -> dict[str, str]:
    """The translations the editor shows, by the English text."""
    sources = {segment["id"]: segment["source"] for segment in editor["segments"]}
    return {
        sources[saved["segment_id"]]: saved["data"]
        for saved in editor["initialStringTranslations"]
    }


def translate_string(client, url, text):
    """Save one string as the editor's script does when the translator presses
    "Save": a PUT of form data, with the CSRF token in a header."""
    return client.put(
        url,
        encode_multipart(BOUNDARY, {"value": text}),
        content_type=MULTIPART_CONTENT,
        headers={"X-CSRFToken": csrf_token(client)},
    )


def publish_translation(client, page):
    """Press "Publish" in the translation editor of ``page`` (the translated page)."""
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    with committed():
        return client.post(
            url, {"action": "publish", "csrfmiddlewaretoken": csrf_token(client)}
        )


def body_texts(lesson) -> list[str]:
    """The heading, text, question and choice texts of a lesson's body."""
    texts = []
    for block in lesson.body:
        if block.block_type == "heading":
            texts.append(block.value["text"])
        elif block.block_type == "text":
            texts.append(block.value.source)
        elif block.block_type == "practice_question":
            texts.append(block.value["question"])
            texts.extend(choice["text"] for choice in block.value["choices"])
    return texts


# Submitting a lesson --------------------------------------------------------------


def test_submitting_a_lesson_makes_its_russian_translation(admin, lesson):
    url = reverse("wagtail_localize:submit_page_translation", args=[lesson.pk])
    form = admin.get(url)
    ru = Locale.objects.get(language_code="ru")

    response = submit_for_translation(admin, lesson)

    assert form.status_code == 200
    assert f'name="locales" value="{ru.pk}"' in form.text
    translated = russian(lesson)
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "wagtailadmin_pages:edit", args=[translated.pk]
    )
    assert translated.translation_key == lesson.translation_key
    assert translated.url == f"/ru/training/phone-manner/module-1/{lesson.slug}/"
    # The module and course above it are aliases of the English pages.
    module = translated.get_parent().specific
    assert module.alias_of_id == lesson.get_parent().pk
    assert module.get_parent().alias_of_id == lesson.get_parent().get_parent().pk
    assert translation_of(lesson).enabled


def test_a_lesson_sent_for_translation_starts_as_a_draft_in_english(admin, lesson):
    """The site sets WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE off: Russian
    readers are sent to a live translation, so it goes live only when published."""
    submit_for_translation(admin, lesson)

    translated = russian(lesson)
    assert not translated.live
    assert body_texts(translated) == body_texts(lesson)


def test_with_live_status_sync_the_copy_of_a_live_lesson_is_live(
    admin, lesson, settings
):
    settings.WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = True

    submit_for_translation(admin, lesson)

    assert russian(lesson).live


def test_a_page_cannot_be_submitted_twice_into_one_language(admin, lesson):
    submit_for_translation(admin, lesson)

    response = submit_for_translation(admin, lesson)

    assert response.status_code == 200  # the form again, with its error
    assert response.context["form"].errors["locales"]
    assert (
        Translation.objects.filter(source__object_id=lesson.translation_key).count()
        == 1
    )


def test_a_trainer_can_submit_a_lesson_for_translation(client, lesson):
    client.force_login(UserFactory(roles=["Trainers"]))
    url = reverse("wagtail_localize:submit_page_translation", args=[lesson.pk])

    assert client.get(url).status_code == 200


# Translating in the editor ---------------------------------------------------------


def test_strings_translated_in_the_editor_are_published_in_russian(
    admin, lesson, russian_reader
):
    submit_for_translation(admin, lesson)
    translated = russian(lesson)
    urls = save_urls(open_editor(admin, translated))

    saved = [
        translate_string(admin, urls[english], text).status_code
        for english, text in RUSSIAN.items()
    ]
    response = publish_translation(admin, translated)

    assert set(urls) == set(RUSSIAN)  # every string of the lesson, choices too
    assert saved == [201] * len(RUSSIAN)
    assert response.status_code == 302
    translated = russian(lesson)
    assert translated.live
    assert translated.title == "Урок 1.1"
    assert body_texts(translated) == [
        "Как отвечать на звонок",
        "<p>Снимите трубку до третьего гудка.</p>",
        "Когда нужно снять трубку?",
        "До третьего гудка",
        "Когда освободитесь",
    ]
    english = LessonPage.objects.get(pk=lesson.pk)
    assert body_texts(english)[0] == "Answering the phone"

    learner = Client()
    learner.force_login(russian_reader)
    page = learner.get(translated.url)
    sent_on = learner.get(lesson.url)

    assert translated.url == "/ru/training/phone-manner/module-1/urok-1-1/"
    assert page.status_code == 200
    for text in ("Как отвечать на звонок", "Снимите трубку", "До третьего гудка"):
        assert text in page.text
    assert "Answering the phone" not in page.text
    assert sent_on.status_code == 302
    assert sent_on["Location"] == translated.url


def test_a_string_saved_twice_keeps_the_last_text(admin, lesson):
    submit_for_translation(admin, lesson)
    translated = russian(lesson)
    url = save_urls(open_editor(admin, translated))["Answering the phone"]

    first = translate_string(admin, url, "Ответ на звонок")
    second = translate_string(admin, url, "Как отвечать на звонок")

    assert (first.status_code, second.status_code) == (201, 200)
    assert second.json()["data"] == "Как отвечать на звонок"
    assert saved_strings(open_editor(admin, translated)) == {
        "Answering the phone": "Как отвечать на звонок"
    }


def test_the_editor_refuses_a_string_without_the_csrf_token(admin, lesson):
    submit_for_translation(admin, lesson)
    translated = russian(lesson)
    url = save_urls(open_editor(admin, translated))["Answering the phone"]

    response = admin.put(
        url, encode_multipart(BOUNDARY, {"value": "X"}), content_type=MULTIPART_CONTENT
    )

    assert response.status_code == 403
    assert saved_strings(open_editor(admin, translated)) == {}


# PO files for translators ----------------------------------------------------------


def download_po(client, editor) -> polib.POFile:
    """The editor's "Download PO file"."""
    response = client.get(editor["links"]["downloadPofile"])
    assert response.status_code == 200
    assert response["Content-Type"] == "text/x-gettext-translation"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    return polib.pofile(response.content.decode())


def upload_po(client, editor, content: bytes, next_url):
    """The editor's "Upload PO file", which goes back to ``next_url``."""
    upload = SimpleUploadedFile("lesson-ru.po", content, "text/x-gettext-translation")
    return client.post(
        editor["links"]["uploadPofile"],
        {"file": upload, "next": next_url, "csrfmiddlewaretoken": csrf_token(client)},
    )


def messages_of(response) -> list[str]:
    return [str(message).strip() for message in response.context["messages"]]


def test_a_po_file_goes_to_the_translator_and_comes_back(admin, lesson):
    submit_for_translation(admin, lesson)
    translated = russian(lesson)
    edit_url = reverse("wagtailadmin_pages:edit", args=[translated.pk])
    editor = open_editor(admin, translated)

    po = download_po(admin, editor)
    for entry in po:
        entry.msgstr = RUSSIAN[entry.msgid]
    po.find("Answering the phone").msgstr = "Отвечаем на звонок"
    response = upload_po(admin, editor, str(po).encode(), edit_url)
    after = admin.get(edit_url)
    publish_translation(admin, translated)

    assert {entry.msgid for entry in po} == set(RUSSIAN)
    uuid = str(translation_of(lesson).uuid)
    assert po.metadata["X-WagtailLocalize-TranslationID"] == uuid
    assert response.status_code == 302
    assert response["Location"] == edit_url
    assert "Successfully imported translations from PO File." in messages_of(after)
    translated = russian(lesson)
    assert translated.live
    assert body_texts(translated)[0] == "Отвечаем на звонок"
    assert "До третьего гудка" in body_texts(translated)


def test_a_po_file_carries_the_translations_made_so_far(admin, lesson):
    submit_for_translation(admin, lesson)
    editor = open_editor(admin, russian(lesson))
    translate_string(
        admin, save_urls(editor)["When you are free"], "Когда освободитесь"
    )

    po = download_po(admin, editor)

    assert po.find("When you are free").msgstr == "Когда освободитесь"
    assert po.find("Answering the phone").msgstr == ""


def test_a_broken_po_file_is_refused_with_a_message(admin, lesson):
    submit_for_translation(admin, lesson)
    translated = russian(lesson)
    edit_url = reverse("wagtailadmin_pages:edit", args=[translated.pk])
    editor = open_editor(admin, translated)

    response = upload_po(admin, editor, b"\xff\xfe not a PO file", edit_url)

    assert response.status_code == 302
    assert "Please upload a valid PO file." in messages_of(admin.get(edit_url))
    assert saved_strings(open_editor(admin, translated)) == {}


def test_the_po_file_of_another_language_is_refused_with_a_message(admin, lesson):
    submit_for_translation(admin, lesson, "ru")
    submit_for_translation(admin, lesson, "lv")
    latvian = download_po(admin, open_editor(admin, translated_into(lesson, "lv")))
    for entry in latvian:
        entry.msgstr = "Latviski"
    translated = russian(lesson)
    edit_url = reverse("wagtailadmin_pages:edit", args=[translated.pk])
    editor = open_editor(admin, translated)

    response = upload_po(admin, editor, str(latvian).encode(), edit_url)

    assert response.status_code == 302
    assert (
        "Cannot import PO file that was created for a different translation."
        in messages_of(admin.get(edit_url))
    )
    assert saved_strings(open_editor(admin, translated)) == {}


def test_a_po_file_without_its_translation_id_is_refused_with_a_message(admin, lesson):
    """A PO file from another tool has no translation ID; wagtail-localize's own
    view would fail on it (a KeyError, a 500)."""
    submit_for_translation(admin, lesson)
    translated = russian(lesson)
    edit_url = reverse("wagtailadmin_pages:edit", args=[translated.pk])
    editor = open_editor(admin, translated)
    po = download_po(admin, editor)
    del po.metadata["X-WagtailLocalize-TranslationID"]
    for entry in po:
        entry.msgstr = "Перевод"

    response = upload_po(admin, editor, str(po).encode(), edit_url)

    assert response.status_code == 302
    assert response.url == edit_url
    assert str(localize.NOT_FROM_THIS_EDITOR) in messages_of(admin.get(edit_url))
    assert saved_strings(open_editor(admin, translated)) == {}


def test_an_upload_without_a_file_is_refused_with_a_message(admin, lesson):
    submit_for_translation(admin, lesson)
    translated = russian(lesson)
    edit_url = reverse("wagtailadmin_pages:edit", args=[translated.pk])
    editor = open_editor(admin, translated)

    response = admin.post(
        editor["links"]["uploadPofile"],
        {"next": edit_url, "csrfmiddlewaretoken": csrf_token(admin)},
    )

    assert response.status_code == 302
    assert str(localize.NO_FILE) in messages_of(admin.get(edit_url))


def test_an_upload_goes_back_only_to_this_site(admin, lesson):
    submit_for_translation(admin, lesson)
    editor = open_editor(admin, russian(lesson))

    response = admin.post(
        editor["links"]["uploadPofile"],
        {
            "next": "https://elsewhere.example/",
            "csrfmiddlewaretoken": csrf_token(admin),
        },
    )

    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_home")


def test_a_learner_cannot_upload_a_po_file(admin, lesson):
    submit_for_translation(admin, lesson)
    editor = open_editor(admin, russian(lesson))
    po = download_po(admin, editor)
    for entry in po:
        entry.msgstr = "Перевод"
    learner = Client()
    learner.force_login(UserFactory())

    upload = SimpleUploadedFile("lesson-ru.po", str(po).encode())
    response = learner.post(editor["links"]["uploadPofile"], {"file": upload})

    assert response.status_code in (302, 403)
    assert saved_strings(open_editor(admin, russian(lesson))) == {}


# Synchronising the tree ------------------------------------------------------------


def add_lesson(client, module, title):
    """Add a lesson under ``module`` in the page editor and publish it."""
    url = reverse("wagtailadmin_pages:add", args=["courses", "lessonpage", module.pk])
    admin_form = client.get(url)
    assert admin_form.status_code == 200
    data = nested_form_data(
        {
            "title": title,
            "slug": "greeting",
            "estimated_minutes": "5",
            "body": streamfield([("heading", {"text": "Greeting the caller"})]),
        }
    )
    return client.post(
        url,
        {
            **data,
            "action-publish": "publish",
            "csrfmiddlewaretoken": csrf_token(client),
        },
    )


def sync_russian_from_english(client):
    """Set "Synchronise content from English" on the Russian locale in the admin."""
    ru = Locale.objects.get(language_code="ru")
    en = Locale.objects.get(language_code="en")
    url = reverse("wagtaillocales:edit", args=[ru.pk])
    assert client.get(url).status_code == 200
    with committed():
        return client.post(
            url,
            {
                "language_code": "ru",
                "component-wagtail_localize_localesynchronization-enabled": "on",
                "component-wagtail_localize_localesynchronization-sync_from": en.pk,
                "csrfmiddlewaretoken": csrf_token(client),
            },
        )


def test_out_of_the_box_a_new_lesson_is_not_copied_into_russian(admin, lesson):
    module = lesson.get_parent().specific
    submit_for_translation(admin, module)

    response = add_lesson(admin, module, "Greeting")

    assert response.status_code == 302
    assert not LocaleSynchronization.objects.exists()
    new = LessonPage.objects.get(slug="greeting")
    assert new.live
    assert not LessonPage.objects.filter(
        translation_key=new.translation_key, locale__language_code="ru"
    ).exists()


def test_with_sync_from_english_a_new_lesson_gets_a_russian_alias(
    admin, lesson, russian_reader
):
    module = lesson.get_parent().specific
    submit_for_translation(admin, module)
    russian_module = russian(module)

    response = sync_russian_from_english(admin)
    added = add_lesson(admin, module, "Greeting")

    assert response.status_code == 302
    assert LocaleSynchronization.objects.get().sync_from.language_code == "en"
    assert added.status_code == 302
    new = LessonPage.objects.get(slug="greeting", locale__language_code="en")
    alias = russian(new)
    assert alias.alias_of_id == new.pk
    assert alias.get_parent().pk == russian_module.pk
    assert alias.live
    assert body_texts(alias) == ["Greeting the caller"]
    # Syncing the locale also gave the lesson that was already there an alias.
    assert russian(lesson).alias_of_id == lesson.pk
    # Until it is translated, a Russian reader reads the English text under /ru/.
    learner = Client()
    learner.force_login(russian_reader)
    page = learner.get(alias.url)
    assert alias.url == "/ru/training/phone-manner/module-1/greeting/"
    assert page.status_code == 200
    assert "Greeting the caller" in page.text
