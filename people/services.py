"""Writes to staff records: every change that touches more than one row."""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.dispatch import Signal
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from people import roles
from people.conf import app_settings
from people.languages import remember_language, speaking_to
from people.links import absolute_url
from people.mail import send_email
from people.models import Department, JobRole, Location, StaffProfile

if TYPE_CHECKING:
    from people.imports import ImportPlan

UNKNOWN_MANAGER = _("Manager %(manager)s is not a known employee ID.")
INVALID_IMPORT = _("The import has errors; nothing was applied.")
INVITATION_LEFT = _("%(name)s has left, so they cannot be invited.")
INVITATION_NO_EMAIL = _("%(name)s has no e-mail address to send an invitation to.")
INVITATION_PASSWORD_SET = _(
    "%(name)s has already set a password; if they forgot it, they can use "
    "“Forgot your password?” on the login page."
)
INVITE_ACTION = "people.invite"
IMPORT_ACTION = "people.import"

# Sent once at the end of ``apply_staff_import``, inside its transaction, with
# ``saved`` (the profiles created or changed) and ``course_assignments`` (a list of
# (profile, CourseAssignment) from the optional assign_course column). Other
# apps, which ``people`` must not import, turn them into their own rows; an
# error there undoes the whole import.
staff_import_applied = Signal()
# Checked by other apps while the import applies: per-person work a save would
# start (e.g. required courses) waits for ``staff_import_applied``.
_importing = ContextVar("staff_import_under_way", default=False)


def import_under_way() -> bool:
    """Whether the staff being saved are part of an import still applying."""
    return _importing.get()


@contextmanager
def _applying_import() -> Iterator[None]:
    token = _importing.set(True)
    try:
        yield
    finally:
        _importing.reset(token)


@dataclass(frozen=True)
class CourseAssignment:
    """The assign_course and assign_due cells of a row: the courses (by slug)
    to require of the person, due on a date or a number of days after hire."""

    courses: tuple[str, ...]
    due_on: date | None = None
    due_days: int | None = None


@dataclass(frozen=True)
class StaffData:
    """One staff member as the HR system describes them (a CSV row, an API body).

    ``language`` is "en", "ru" or "lv", "" for none, or None to leave it as it is.
    """

    employee_id: str
    first_name: str
    last_name: str
    email: str = ""
    department: str = ""
    location: str = ""
    job_role: str = ""
    manager_employee_id: str = ""
    hire_date: date | None = None
    leave_date: date | None = None
    language: str | None = None

    def is_employed_on(self, day: date) -> bool:
        return self.leave_date is None or self.leave_date > day


def _named(model, name: str):
    if not name:
        return None
    obj, _created = model.objects.get_or_create(name=name)
    return obj


@transaction.atomic
def upsert_staff(
    data: StaffData, *, username: str = "", today: date | None = None
) -> tuple[StaffProfile, bool]:
    """Create or update one staff member by employee ID; leavers lose their login.

    A new person logs in with ``username`` (default: the employee ID).
    """
    today = today or timezone.localdate()
    manager = None
    if data.manager_employee_id:
        manager = StaffProfile.objects.filter(
            employee_id=data.manager_employee_id
        ).first()
        if manager is None:
            raise ValidationError(
                UNKNOWN_MANAGER,
                code="unknown_manager",
                params={"manager": data.manager_employee_id},
            )
    profile = (
        StaffProfile.objects.select_related("user")
        .filter(employee_id=data.employee_id)
        .first()
    )
    created = profile is None
    employed = data.is_employed_on(today)
    user = profile.user if profile else _user_for(username or data.employee_id)
    user.first_name = data.first_name
    user.last_name = data.last_name
    user.email = data.email
    user.is_active = employed
    user.save()
    if created:
        profile = StaffProfile(user=user, employee_id=data.employee_id)
    profile.department = _named(Department, data.department)
    profile.location = _named(Location, data.location)
    profile.job_role = _named(JobRole, data.job_role)
    profile.manager = manager
    profile.hire_date = data.hire_date
    profile.leave_date = data.leave_date
    profile.is_active = employed
    profile.save()
    if created:
        user.groups.add(Group.objects.get(name=roles.LEARNERS))
    if data.language or (data.language == "" and not created):
        remember_language(user, data.language)
    return profile, created


def _user_for(username: str):
    user_model = get_user_model()
    existing = user_model.objects.filter(
        username=username, staff_profile__isnull=True
    ).first()
    if existing is not None:
        return existing
    user = user_model(username=username)
    # Imported staff choose their password through "Forgot password?".
    user.set_unusable_password()
    return user


@transaction.atomic
def deactivate_leavers(*, today: date | None = None) -> int:
    """Close the accounts of staff whose leaving date has come; return how many."""
    today = today or timezone.localdate()
    leavers = StaffProfile.objects.filter(is_active=True, leave_date__lte=today)
    user_ids = list(leavers.values_list("user_id", flat=True))
    get_user_model().objects.filter(pk__in=user_ids).update(is_active=False)
    return leavers.update(is_active=False)


@dataclass(frozen=True)
class StaffImportCounts:
    """What an import did (or, in a dry run, would do)."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deactivated: int = 0


@transaction.atomic
def apply_staff_import(plan: "ImportPlan", *, logged: bool = True) -> StaffImportCounts:
    """Upsert every changed row of a checked import, managers first; all or nothing.

    Each person changed gets an entry in the staff log (the training history),
    unless ``logged`` is false: the admin's edit view logs its own edit."""
    if not plan.is_valid:
        raise ValidationError(INVALID_IMPORT, code="invalid_import")
    saved = {}
    with _applying_import():
        for row in plan.rows_to_apply():
            profile, created = upsert_staff(row.data, today=plan.today)
            saved[row.employee_id] = profile
            if logged:
                data = {"created": created, "changes": row.changes}
                log(profile, IMPORT_ACTION, data=data)
    staff_import_applied.send(
        sender=StaffProfile,
        saved=list(saved.values()),
        course_assignments=_assignments_of(plan, saved),
    )
    return plan.counts


def _assignments_of(plan: "ImportPlan", saved: dict) -> list:
    """(profile, CourseAssignment) for each row with courses to assign,
    unchanged people included (read in one query)."""
    rows = [row for row in plan.rows if row.assignment is not None]
    unsaved = [row.employee_id for row in rows if row.employee_id not in saved]
    profiles = StaffProfile.objects.in_bulk(unsaved, field_name="employee_id")
    profiles.update(saved)
    return [(profiles[row.employee_id], row.assignment) for row in rows]


def check_invitable(profile: StaffProfile) -> None:
    """Raise ``ValidationError`` saying why ``profile`` cannot be invited, if so."""
    user = profile.user
    params = {"name": profile.full_name}
    if not (profile.is_active and user.is_active):
        raise ValidationError(INVITATION_LEFT, code="left", params=params)
    if not user.email:
        raise ValidationError(INVITATION_NO_EMAIL, code="no_email", params=params)
    if user.has_usable_password():
        raise ValidationError(
            INVITATION_PASSWORD_SET, code="password_set", params=params
        )


@transaction.atomic
def send_invitation(profile: StaffProfile, *, actor) -> StaffProfile:
    """E-mail ``profile`` a one-time link to set their first password."""
    profile = StaffProfile.objects.select_related("user").get(pk=profile.pk)
    check_invitable(profile)
    profile.invited_at = timezone.now()
    profile.save(update_fields=["invited_at"])
    log(profile, INVITE_ACTION, user=actor)
    transaction.on_commit(partial(_mail_invitation, profile.user))
    return profile


@dataclass(frozen=True)
class InvitationResult:
    """Who was invited, and why the others were not."""

    sent: list[StaffProfile] = field(default_factory=list)
    refused: list[ValidationError] = field(default_factory=list)


@transaction.atomic
def send_invitations(profiles: Iterable[StaffProfile], *, actor) -> InvitationResult:
    """Invite everyone in ``profiles`` who can be invited; skip the others."""
    result = InvitationResult()
    for profile in profiles:
        try:
            result.sent.append(send_invitation(profile, actor=actor))
        except ValidationError as error:
            result.refused.append(error)
    return result


def _invitation_link(user) -> str:
    path = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return absolute_url(path)


def _mail_invitation(user) -> None:
    context = {
        "user": user,
        "site_name": app_settings.SITE_NAME,
        "link": _invitation_link(user),
        "login_url": absolute_url(reverse("login")),
        "days": max(1, settings.PASSWORD_RESET_TIMEOUT // (24 * 60 * 60)),
    }
    with speaking_to(user):
        subject = render_to_string("people/email/invitation_subject.txt", context)
        body = render_to_string("people/email/invitation.txt", context)
    send_email.enqueue(" ".join(subject.split()), body, [user.email])
