"""The reports' manager filter: a search box fed by a small JSON endpoint that
lists only the managers the viewer may choose, a few at a time.

Mara manages Sam, who manages Tom; Olga (outside Mara's line) manages Pia.
"""

import pytest

from tests.factories import StaffProfileFactory, UserFactory

pytestmark = pytest.mark.django_db

CHOOSER = "/admin/training/reports/managers/"
READINESS = "/admin/training/reports/readiness/"


def person(first, last, boss=None, roles=()):
    user = UserFactory(
        username=first.lower(), first_name=first, last_name=last, roles=list(roles)
    )
    return StaffProfileFactory(user=user, employee_id=f"E-{first}", manager=boss)


@pytest.fixture
def lines():
    mara = person("Mara", "Vadone", roles=["Managers"])
    sam = person("Sam", "Sils", boss=mara)
    person("Tom", "Tilts", boss=sam)
    olga = person("Olga", "Ozola", roles=["Managers"])
    person("Pia", "Pole", boss=olga)
    return mara, sam, olga


def labels(response):
    assert response.status_code == 200
    return [result["label"] for result in response.json()["results"]]


def test_hr_finds_every_manager_by_name_or_employee_id(hr, lines):
    assert labels(hr.get(CHOOSER)) == [
        "Olga Ozola (E-Olga)",
        "Sam Sils (E-Sam)",
        "Mara Vadone (E-Mara)",
    ]
    assert labels(hr.get(CHOOSER, {"q": "ozo"})) == ["Olga Ozola (E-Olga)"]
    assert labels(hr.get(CHOOSER, {"q": "E-Sam"})) == ["Sam Sils (E-Sam)"]
    assert labels(hr.get(CHOOSER, {"q": "Tom"})) == []  # manages nobody


def test_a_manager_finds_only_managers_in_their_own_line(client, lines):
    mara, sam, _olga = lines
    client.force_login(mara.user)

    # Themselves too: their whole line is one choice.
    assert labels(client.get(CHOOSER)) == ["Sam Sils (E-Sam)", "Mara Vadone (E-Mara)"]
    assert labels(client.get(CHOOSER, {"q": "Olga"})) == []
    assert client.get(CHOOSER, {"q": "Sam"}).json()["results"][0]["id"] == sam.pk


def test_results_are_limited(hr, role):
    for n in range(25):
        boss = person(f"Boss{n:02d}", "Many")
        person(f"Report{n:02d}", "Many", boss=boss)

    assert len(labels(hr.get(CHOOSER, {"q": "Many"}))) == 20


@pytest.mark.parametrize("query", ["x" * 101, "Ann\x00"])
def test_a_bad_query_is_a_clear_400(hr, lines, query):
    response = hr.get(CHOOSER, {"q": query})

    assert response.status_code == 400
    assert "message" in response.json()


def test_learners_and_trainers_get_403_json(client, lines):
    for roles in ([], ["Trainers"]):
        client.force_login(UserFactory(roles=roles))
        response = client.get(CHOOSER)
        assert response.status_code in (302, 403)
        if response.status_code == 403:
            assert "message" in response.json()


@pytest.mark.parametrize("size", [5, 50])
def test_the_chooser_is_a_fixed_number_of_queries(
    hr, size, django_assert_max_num_queries
):
    for n in range(size):
        person(f"Worker{n:03d}", "Crowd", boss=person(f"Lead{n:03d}", "Crowd"))

    with django_assert_max_num_queries(8):
        assert len(labels(hr.get(CHOOSER, {"q": "Lead"}))) == min(size, 20)


def test_the_report_page_lists_no_managers_but_names_the_chosen_one(hr, lines):
    _mara, sam, olga = lines

    content = hr.get(READINESS, {"manager": sam.pk}).content.decode()

    assert CHOOSER in content
    assert 'value="Sam Sils (E-Sam)"' in content
    assert "Olga Ozola" not in content  # no <select> of every manager


def test_a_manager_cannot_choose_or_see_a_manager_outside_their_line(client, lines):
    mara, _sam, olga = lines
    client.force_login(mara.user)

    response = client.get(READINESS, {"manager": olga.pk})

    content = response.content.decode()
    assert response.status_code == 200
    assert "Olga Ozola" not in content and "Pia" not in content
    assert "Manager:" in content  # named among the filters that could not be read
