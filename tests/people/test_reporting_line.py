import pytest

from people.models import StaffProfile
from tests.factories import StaffProfileFactory, UserFactory

pytestmark = pytest.mark.django_db


def build_tree(depth: int, width: int):
    """A manager with ``width`` reports per level, ``depth`` levels down."""
    top = StaffProfileFactory()
    level, everyone = [top], []
    for _ in range(depth):
        level = [StaffProfileFactory(manager=b) for b in level for _ in range(width)]
        everyone.extend(level)
    return top, everyone


def test_reporting_line_holds_direct_and_indirect_reports():
    top, line = build_tree(depth=3, width=2)
    outsider = StaffProfileFactory()

    found = set(StaffProfile.objects.reporting_line(top))

    assert found == set(line)
    assert top not in found
    assert outsider not in found


def test_reporting_line_of_a_middle_manager_is_only_their_branch():
    top, _line = build_tree(depth=2, width=2)
    middle = top.direct_reports.first()

    found = set(StaffProfile.objects.reporting_line(middle))

    assert found == set(middle.direct_reports.all())
    assert len(found) == 2


@pytest.mark.parametrize(("depth", "width"), [(2, 2), (4, 3)])
def test_reporting_line_is_one_query_whatever_the_team_size(
    depth, width, django_assert_num_queries
):
    top, line = build_tree(depth=depth, width=width)

    with django_assert_num_queries(1):
        found = list(StaffProfile.objects.reporting_line(top))

    assert len(found) == len(line)


def test_reporting_line_ends_even_if_bad_data_forms_a_cycle():
    first = StaffProfileFactory()
    second = StaffProfileFactory(manager=first)
    StaffProfile.objects.filter(pk=first.pk).update(manager=second)

    assert set(StaffProfile.objects.reporting_line(first)) == {second}


def test_reporting_line_composes_with_other_filters():
    top, line = build_tree(depth=2, width=2)
    leaver = line[-1]
    StaffProfile.objects.filter(pk=leaver.pk).update(is_active=False)

    active = set(StaffProfile.objects.reporting_line(top).active())

    assert active == set(line) - {leaver}


def test_for_viewer_gives_a_manager_their_line_and_themselves():
    top, line = build_tree(depth=2, width=2)
    StaffProfileFactory()  # someone elsewhere

    visible = set(StaffProfile.objects.for_viewer(top.user))

    assert visible == {top, *line}


def test_for_viewer_gives_hr_everyone_and_a_learner_only_themselves():
    top, line = build_tree(depth=1, width=3)
    hr = UserFactory(roles=["HR"])

    assert StaffProfile.objects.for_viewer(hr).count() == 1 + len(line)
    assert list(StaffProfile.objects.for_viewer(line[0].user)) == [line[0]]


def test_for_viewer_gives_anonymous_nobody(rf):
    from django.contrib.auth.models import AnonymousUser

    StaffProfileFactory()
    assert not StaffProfile.objects.for_viewer(AnonymousUser()).exists()
