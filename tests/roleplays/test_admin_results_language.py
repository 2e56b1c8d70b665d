"""A trainer reads a role-play's results in their own language: steps, replies and
titles from the translation where there is one, counts over runs in every
language, and each run as the learner played it."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale

from courses.models import ModulePage
from people.languages import remember_language
from roleplays.models import RolePlayPage, RolePlayRun
from roleplays.services import answer_run, start_run
from tests.factories import PASSWORD, UserFactory, make_course
from tests.roleplays.scripts import customer, make_roleplay, reply, sofa_steps

pytestmark = pytest.mark.django_db

RUSSIAN_TITLE = "Где мой диван"
RUSSIAN_MODULE = "Жалобы по телефону"
RUSSIAN_LINES = {
    "greeting": "Три недели! Где мой диван?",
    "lookup": "Заказ застрял на складе.",
    "offer": "И что теперь?",
}
RUSSIAN_REPLIES = {
    "apologise": "Простите, пожалуйста. Сейчас посмотрю.",
    "policy": "Доставка занимает до четырёх недель.",
    "blame": "Это курьер виноват.",
    "own": "Я перезвоню Вам в течение часа.",
    "transfer": "Я переключу Вас на отдел логистики.",
}


def in_russian(steps):
    """``steps`` (as in tests.roleplays.scripts) with the Russian texts, same keys."""
    translated = []
    for block_type, value in steps:
        value = dict(value)
        if block_type == "customer_step":
            value["line"] = RUSSIAN_LINES[value["key"]]
            value["replies"] = [
                {
                    **item,
                    "text": RUSSIAN_REPLIES[item["key"]],
                    "feedback": f"Разбор ответа «{RUSSIAN_REPLIES[item['key']]}».",
                }
                for item in value["replies"]
            ]
        elif block_type == "narration":
            value["text"] = RUSSIAN_LINES[value["key"]]
        translated.append((block_type, value))
    return translated


def translate(page, steps=None, title=RUSSIAN_TITLE):
    """The role-play's Russian translation (and its module's), published."""
    russian = Locale.objects.get_or_create(language_code="ru")[0]
    module = page.get_parent().specific
    if module.get_translation_or_none(russian) is None:
        copy = module.copy_for_translation(russian, copy_parents=True)
        copy.title = RUSSIAN_MODULE
        copy.save_revision().publish()
    copy = page.copy_for_translation(russian).specific
    copy.title = title
    copy.steps = in_russian(sofa_steps()) if steps is None else steps
    copy.save_revision().publish()
    return RolePlayPage.objects.get(pk=copy.pk)


def play(page, moves):
    """A new learner's run of ``page`` (an original or a translation)."""
    user = UserFactory()
    run = start_run(user, page=page)
    for step, key in moves:
        run = answer_run(user, run_id=run.pk, step_key=step, reply_key=key)
    return run


PASS = [("greeting", "apologise"), ("offer", "own")]
CRITICAL = [("greeting", "blame")]


def trainer_reading(client, language, **fields):
    user = UserFactory(roles=["Trainers"], **fields)
    remember_language(user, language)
    client.login(username=user.username, password=PASSWORD)
    return user


@pytest.fixture
def module():
    course = make_course("Complaints", modules=1, lessons=0)
    return ModulePage.objects.child_of(course).get()


@pytest.fixture
def roleplay(module):
    return make_roleplay(module)


def test_results_show_russian_steps_and_title_and_count_runs_in_every_language(
    client, roleplay
):
    russian = translate(roleplay)
    play(roleplay, PASS)
    play(russian, PASS)
    play(russian, CRITICAL)
    start_run(UserFactory(), page=russian)  # one still playing, in Russian
    trainer_reading(client, "ru")

    response = client.get(f"/admin/roleplays/{roleplay.pk}/results/")

    assert response.status_code == 200
    results = response.context["results"]
    assert (results["total"], results["finished"], results["unfinished"]) == (4, 3, 1)
    assert (results["passed"], results["critical"]) == (2, 1)
    greeting, offer = results["steps"]
    assert (greeting.key, greeting.line) == ("greeting", RUSSIAN_LINES["greeting"])
    assert offer.line == RUSSIAN_LINES["offer"]
    assert [(r.key, r.text, r.count) for r in greeting.replies] == [
        ("apologise", RUSSIAN_REPLIES["apologise"], 2),
        ("policy", RUSSIAN_REPLIES["policy"], 0),
        ("blame", RUSSIAN_REPLIES["blame"], 1),
    ]
    content = response.content.decode()
    assert RUSSIAN_TITLE in content
    assert RUSSIAN_REPLIES["own"] in content
    assert "Three weeks!" not in content and "Late sofa" not in content
    assert "Русский" in content  # the language of the Russian runs


def test_the_results_of_the_translation_are_those_of_the_role_play(client, roleplay):
    """An administrator (who may edit translations) opens either page's results."""
    russian = translate(roleplay)
    play(roleplay, PASS)
    play(russian, CRITICAL)
    trainer_reading(client, "ru", is_superuser=True)

    via_original = client.get(f"/admin/roleplays/{roleplay.pk}/results/")
    via_translation = client.get(f"/admin/roleplays/{russian.pk}/results/")

    for response in (via_original, via_translation):
        results = response.context["results"]
        assert (results["total"], results["passed"], results["critical"]) == (2, 1, 1)
        assert results["steps"][0].line == RUSSIAN_LINES["greeting"]


def test_a_step_or_reply_not_yet_translated_is_shown_in_the_original(client, roleplay):
    translate(roleplay)
    # The original gains a reply and a step after the translation was made.
    steps = sofa_steps()
    offer = steps[2][1]
    offer["replies"].append(reply("manager", "Let me fetch my manager.", "manager"))
    steps.insert(
        3,
        customer(
            "manager",
            "Finally, someone in charge.",
            reply("tomorrow", "It will come tomorrow.", "won", 2, 1),
            reply("wait", "Please wait for our call.", "escalated"),
        ),
    )
    draft = roleplay.get_latest_revision_as_object()
    draft.steps = steps
    draft.save_revision()
    trainer_reading(client, "ru")

    response = client.get(f"/admin/roleplays/{roleplay.pk}/results/")

    results = response.context["results"]
    labels = {
        step.key: (step.line, [r.text for r in step.replies])
        for step in results["steps"]
    }
    assert labels["offer"] == (
        RUSSIAN_LINES["offer"],
        [
            RUSSIAN_REPLIES["own"],
            RUSSIAN_REPLIES["transfer"],
            "Let me fetch my manager.",
        ],
    )
    assert labels["manager"] == (
        "Finally, someone in charge.",
        ["It will come tomorrow.", "Please wait for our call."],
    )
    assert labels["greeting"][0] == RUSSIAN_LINES["greeting"]


def test_without_a_translation_in_the_readers_language_the_original_is_shown(
    client, roleplay
):
    translate(roleplay)
    play(roleplay, PASS)
    trainer_reading(client, "lv")

    response = client.get(f"/admin/roleplays/{roleplay.pk}/results/")

    results = response.context["results"]
    assert results["steps"][0].line == "Three weeks! Where is my sofa?"
    assert "Late sofa" in response.content.decode()


@pytest.mark.parametrize("language", ["ru", "en"])
def test_a_run_shows_what_the_learner_saw_in_the_language_they_played(
    client, roleplay, language
):
    translate(roleplay)
    learner = UserFactory()
    remember_language(learner, "ru")
    client.login(username=learner.username, password=PASSWORD)
    landing = client.get(roleplay.url, follow=True)
    russian_url = landing.redirect_chain[-1][0]
    assert russian_url.startswith("/ru/")
    russian = RolePlayPage.objects.get(
        translation_key=roleplay.translation_key, locale__language_code="ru"
    )
    run_url = client.post(f"/roleplays/{russian.pk}/start/")["Location"]
    client.post(run_url + "answer/", {"step": "greeting", "reply": "apologise"})
    client.post(run_url + "answer/", {"step": "offer", "reply": "own"})
    run = RolePlayRun.objects.get(user=learner)
    assert run.is_finished
    trainer_reading(client, language)

    results = client.get(f"/admin/roleplays/{roleplay.pk}/results/")
    link = f"/admin/roleplays/{roleplay.pk}/runs/{run.pk}/"
    assert link in results.content.decode()
    response = client.get(link)

    assert response.status_code == 200
    content = response.content.decode()
    assert RUSSIAN_LINES["greeting"] in content
    assert RUSSIAN_REPLIES["apologise"] in content
    assert f"Разбор ответа «{RUSSIAN_REPLIES['own']}»." in content
    assert "Three weeks!" not in content
    assert "Русский" in content if language == "ru" else "Russian" in content


def test_a_run_played_in_english_reads_in_english_for_a_russian_trainer(
    client, roleplay
):
    translate(roleplay)
    run = play(roleplay, CRITICAL)
    trainer_reading(client, "ru")

    response = client.get(f"/admin/roleplays/{roleplay.pk}/runs/{run.pk}/")

    content = response.content.decode()
    assert "That&#x27;s the courier&#x27;s fault." in content
    assert RUSSIAN_REPLIES["blame"] not in content
    assert RUSSIAN_TITLE in content  # the page's title is the reader's


def test_a_run_of_a_translation_opens_from_the_translations_results_too(
    client, roleplay
):
    russian = translate(roleplay)
    run = play(roleplay, CRITICAL)
    trainer_reading(client, "ru", is_superuser=True)

    response = client.get(f"/admin/roleplays/{russian.pk}/runs/{run.pk}/")

    assert response.status_code == 200
    assert "That&#x27;s the courier&#x27;s fault." in response.content.decode()


def test_the_list_names_role_plays_and_modules_in_the_readers_language(
    client, roleplay
):
    russian = translate(roleplay)
    play(roleplay, PASS)
    play(russian, PASS)
    play(russian, CRITICAL)
    trainer_reading(client, "ru")

    response = client.get("/admin/roleplays/")
    export = client.get("/admin/roleplays/?export=csv")

    content = response.content.decode()
    assert RUSSIAN_TITLE in content and RUSSIAN_MODULE in content
    assert f"/admin/roleplays/{roleplay.pk}/results/" in content
    assert f"/admin/roleplays/{russian.pk}/results/" not in content  # one row
    rows = list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode())))
    assert rows[1:] == [[RUSSIAN_TITLE, RUSSIAN_MODULE, "True", "3", "3", "2"]]


def test_the_list_in_english_counts_runs_in_every_language(client, roleplay):
    russian = translate(roleplay)
    play(roleplay, PASS)
    play(russian, CRITICAL)
    trainer_reading(client, "en")

    export = client.get("/admin/roleplays/?export=csv")

    rows = list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode())))
    assert rows[1:] == [["Late sofa", "Module 1", "True", "2", "2", "1"]]


def queries_of(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_russian_list_queries_do_not_grow_with_role_plays(client, module):
    trainer_reading(client, "ru")
    translate(make_roleplay(module, title="First"), title="Первая")
    one = queries_of(client, "/admin/roleplays/")
    for n in range(5):
        page = make_roleplay(module, title=f"More {n}")
        russian = translate(page, title=f"Ещё {n}")
        play(page, PASS)
        play(russian, CRITICAL)

    assert queries_of(client, "/admin/roleplays/") == one


def test_the_russian_results_queries_do_not_grow_with_runs(client, module):
    trainer_reading(client, "ru")
    small = make_roleplay(module, title="Small one")
    large = make_roleplay(module, title="Large one")
    for page, count in ((small, 1), (large, 10)):
        russian = translate(page, title=f"{page.title} (ru)")
        for _n in range(count):
            play(page, PASS)
            play(russian, CRITICAL)

    assert queries_of(client, f"/admin/roleplays/{small.pk}/results/") == queries_of(
        client, f"/admin/roleplays/{large.pk}/results/"
    )
