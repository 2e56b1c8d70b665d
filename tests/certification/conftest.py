"""Fixtures shared by the reports and API tests: one course a job role requires,
and a client logged in as HR."""

import pytest

from tests.factories import JobRoleFactory, UserFactory, make_course


@pytest.fixture
def role():
    return JobRoleFactory(name="Sales consultant")


@pytest.fixture
def course(role):
    course = make_course("Service standard", modules=1, lessons=1)
    course.required_for_roles.add(role)
    course.save_revision().publish()
    return course


@pytest.fixture
def hr(client):
    client.force_login(UserFactory(roles=["HR"]))
    return client
