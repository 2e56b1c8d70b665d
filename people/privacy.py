"""Privacy (GDPR): export everything held about one person, and erase them.

Each app knows its own data, so each contributes a section from its own
``privacy.py`` (imported in its ``AppConfig.ready``)::

    register("quizzes", export=export_quizzes, erase=erase_quizzes)

``export(profile)`` returns JSON-able values (dates and decimals are written by
``ExportEncoder``); ``erase(profile, actor)`` removes or replaces the personal
data the app holds and keeps what statistics count (points, statuses, dates).
This module holds the registry, the orchestration and the people app's own
section: the login, the profile and the traces Wagtail and Django keep of them.
"""

import calendar
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from importlib import import_module
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models.functions import Cast, Concat
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry, PageLogEntry, Revision
from wagtail.users.models import UserProfile

from people.conf import app_settings
from people.languages import PROFILE, preferred_language
from people.models import StaffLogEntry, StaffProfile

FORMAT_VERSION = 1
ERASE_ACTION = "people.erase"
EXPORT_ACTION = "people.export"
ERASED_USERNAME = "erased-{pk}"
ERASED_PREFIX = "ERASED-"  # then the profile's pk: unique, and names nobody
# The reason kept wherever a person's data was removed (certificates revoked).
ERASED_REASON = "erased"
# Shorter identifiers (initials, "Li") would match inside unrelated words.
SHORTEST_IDENTIFIER = 3


@dataclass(frozen=True)
class Section:
    name: str
    export: Callable[[StaffProfile], Any]
    erase: Callable[[StaffProfile, Any], None] | None = None


_sections: dict[str, Section] = {}


def register(name: str, *, export, erase=None) -> None:
    """Add (or replace) an app's part of the export and of the erasure."""
    _sections[name] = Section(name, export, erase)


def sections() -> list[Section]:
    return list(_sections.values())


class ExportEncoder(DjangoJSONEncoder):
    """Moments in the site's time zone, as every other place shows them."""

    def default(self, o):
        if isinstance(o, datetime) and timezone.is_aware(o):
            return timezone.localtime(o).isoformat()
        return super().default(o)


def export_person(profile: StaffProfile) -> dict:
    """Everything the product holds about ``profile``: one key per section."""
    data = {"format_version": FORMAT_VERSION, "exported_at": timezone.now()}
    for section in sections():
        data[section.name] = section.export(profile)
    return data


def export_json(profile: StaffProfile) -> str:
    return json.dumps(export_person(profile), cls=ExportEncoder, indent=2)


def record_export(profile: StaffProfile, *, actor) -> None:
    """Keep in the person's history that their data was handed out, and to whom."""
    log(profile, EXPORT_ACTION, user=actor)


@transaction.atomic
def erase_person(profile: StaffProfile, *, actor) -> None:
    """Remove or replace everything that identifies ``profile``, keeping the
    figures reports count; then record the erasure (without the name).

    Safe to run again: a second run finds nothing more to remove."""
    profile = StaffProfile.objects.select_for_update().get(pk=profile.pk)
    for section in sections():
        if section.erase is not None:
            section.erase(profile, actor)
    profile = StaffProfile.objects.select_related("user").get(pk=profile.pk)
    log(profile, ERASE_ACTION, user=actor)


def erased_employee_id(pk) -> str:
    return f"{ERASED_PREFIX}{pk}"


def erased_staff():
    """The people already erased: their employee ID is ``ERASED-<pk>``."""
    marker = Concat(
        models.Value(ERASED_PREFIX),
        Cast("pk", output_field=models.CharField()),
        output_field=models.CharField(),
    )
    return StaffProfile.objects.alias(erased_id=marker).filter(
        employee_id=models.F("erased_id")
    )


def is_erased(profile: StaffProfile) -> bool:
    return profile.employee_id == erased_employee_id(profile.pk)


# Retention ------------------------------------------------------------------


def months_before(day: date, months: int) -> date:
    """The same day ``months`` months earlier (the month's last day if shorter)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    last_day = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last_day))


def leavers_to_erase(*, today: date | None = None):
    """People who left more than ``PEOPLE_ERASE_LEAVERS_AFTER_MONTHS`` months
    ago and are not erased yet; nobody while the setting is off."""
    months = app_settings.ERASE_LEAVERS_AFTER_MONTHS
    if isinstance(months, bool) or not isinstance(months, int) or months < 1:
        # Off (None), or a bad value the system check reports (people.E003).
        return StaffProfile.objects.none()
    cutoff = months_before(today or timezone.localdate(), months)
    leavers = StaffProfile.objects.filter(leave_date__lt=cutoff)
    return leavers.exclude(pk__in=erased_staff().values("pk"))


def erase_leavers(*, today: date | None = None) -> int:
    """Erase every leaver past the retention period; return how many.

    One transaction each: an error with one person keeps the erasures before."""
    leavers = list(leavers_to_erase(today=today).order_by("pk"))
    for profile in leavers:
        erase_person(profile, actor=None)
    return len(leavers)


# The people app's section ----------------------------------------------------


def export_people(profile: StaffProfile) -> dict:
    """The login, the staff record, and what the admin logged about them."""
    profile = StaffProfile.objects.with_related().get(pk=profile.pk)
    user = profile.user
    return {
        "user": {
            "username": user.get_username(),
            "first_name": user.first_name,
            "last_name": user.last_name,
            "email": user.email,
            "is_active": user.is_active,
            "date_joined": user.date_joined,
            "last_login": user.last_login,
            "groups": sorted(user.groups.values_list("name", flat=True)),
        },
        "profile": {
            "employee_id": profile.employee_id,
            "department": _name(profile.department),
            "location": _name(profile.location),
            "job_role": _name(profile.job_role),
            "manager_employee_id": (
                profile.manager.employee_id if profile.manager else None
            ),
            "hire_date": profile.hire_date,
            "leave_date": profile.leave_date,
            "employed": profile.is_active,
            "invited_at": profile.invited_at,
            "created_at": profile.created_at,
            "updated_at": profile.updated_at,
            "language": preferred_language(user),
        },
        "staff_log": _staff_log(profile),
        "api_tokens": list(
            apps.get_model("wagtailcore", "APIToken")
            .objects.filter(user=user)
            .values("name", "prefix", "created", "last_used_at", "revoked_at")
        ),
        "failed_logins": _failed_logins(user),
    }


def _name(named) -> str | None:
    return named.name if named else None


def _staff_log(profile: StaffProfile) -> list[dict]:
    entries = StaffLogEntry.objects.for_instance(profile).select_related("user")
    return [
        {
            "at": entry.timestamp,
            "action": entry.action,
            "message": str(entry.message),
            "by": _person_name(entry.user),
        }
        for entry in entries.order_by("timestamp", "pk")
    ]


def _person_name(user) -> str | None:
    return (user.get_full_name() or user.get_username()) if user else None


def _failed_logins(user) -> list[dict]:
    if not apps.is_installed("axes"):
        return []
    attempts = apps.get_model("axes", "AccessAttempt").objects.filter(
        username__in=_login_names(user)
    )
    return list(
        attempts.order_by("attempt_time").values(
            "attempt_time", "ip_address", "user_agent", "failures_since_start"
        )
    )


def _login_names(user) -> list[str]:
    """What a failed login for ``user`` was typed as: their username or
    e-mail, as django-axes keeps it (``people.login_limits``)."""
    names = [user.get_username().casefold()]
    if user.email:
        names.append(user.email.casefold())
    return names


def erase_people(profile: StaffProfile, actor) -> None:
    """Anonymise the login and the staff record; rewrite the logs that name them.

    Department, location, job role, manager and the hire and leaving dates stay:
    reports count people by them, and alone they name nobody."""
    user = get_user_model().objects.get(pk=profile.user_id)
    scrubber = Scrubber.of(user, profile)
    _forget_sessions(user)
    _forget_login_traces(user, profile, scrubber)
    user.username = ERASED_USERNAME.format(pk=user.pk)
    user.first_name = user.last_name = user.email = ""
    user.set_unusable_password()
    user.is_active = False
    user.save()
    _reset_wagtail_profile(user)
    profile.employee_id = erased_employee_id(profile.pk)
    profile.invited_at = None
    profile.save(update_fields=["employee_id", "invited_at", "updated_at"])
    profile.user = user
    _rewrite_logs(profile, scrubber)


def _forget_sessions(user) -> None:
    """Log the person out everywhere (the session rows hold their id)."""
    if not apps.is_installed("django.contrib.sessions"):
        return
    store = import_module(settings.SESSION_ENGINE).SessionStore
    if not hasattr(store, "get_model_class"):
        return  # cookie or cache sessions: the unusable password ends them
    sessions = store.get_model_class().objects.filter(expire_date__gt=timezone.now())
    for session in sessions.iterator():
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            store(session.session_key).delete()


def _forget_login_traces(user, profile: StaffProfile, scrubber: "Scrubber") -> None:
    """API tokens, failed-login rows, e-mails to or about them in the task
    queue, and forms the admin kept half-filled: none is needed without them."""
    apps.get_model("wagtailcore", "APIToken").objects.filter(user=user).delete()
    if apps.is_installed("axes"):
        _forget_failed_logins(user)
    if apps.is_installed("django_tasks_db"):
        tasks = apps.get_model("django_tasks_database", "DBTaskResult")
        for task in scrubber.candidates(tasks, "args_kwargs"):
            if scrubber.mentions(task.args_kwargs):
                task.delete()
    form_states = apps.get_model("wagtailadmin", "FormState").objects
    editing = apps.get_model("wagtailadmin", "EditingSession").objects
    form_states.filter(user=user).delete()
    for obj in (user, profile):
        form_states.filter(_about(obj)).delete()
        editing.filter(_about(obj)).delete()


def _forget_failed_logins(user) -> None:
    """Failed-login counts, wherever django-axes keeps them (its handler
    knows), and the failure logs of the database handler."""
    from axes.utils import reset

    for name in _login_names(user):
        reset(username=name)
    for model in ("AccessFailureLog", "AccessLog"):
        logs = apps.get_model("axes", model).objects
        logs.filter(username__in=_login_names(user)).delete()


def _about(obj) -> models.Q:
    content_type = ContentType.objects.get_for_model(obj, for_concrete_model=False)
    return models.Q(content_type=content_type, object_id=str(obj.pk))


def _reset_wagtail_profile(user) -> None:
    """Keep Wagtail's profile row with nothing of the person in it."""
    wagtail_profile = UserProfile.objects.filter(user=user).first()
    if wagtail_profile is None:
        return
    avatar, storage = wagtail_profile.avatar.name, wagtail_profile.avatar.storage
    for name in ("preferred_language", "current_time_zone", "avatar", "dismissibles"):
        field = UserProfile._meta.get_field(name)
        setattr(wagtail_profile, name, field.get_default())
    wagtail_profile.save()
    if avatar:
        transaction.on_commit(lambda: storage.delete(avatar))
    user._state.fields_cache.pop(PROFILE, None)


@dataclass(frozen=True)
class Scrubber:
    """Replaces a person's identifiers in free text, whole words only.

    ``strict`` holds what names them anywhere (full name, e-mail, login,
    employee ID); ``loose`` adds their first and last name alone, used only in
    entries about them, where a lone "Anna" can only be them."""

    strict: dict[str, str]
    loose: dict[str, str]

    @classmethod
    def of(cls, user, profile: StaffProfile) -> "Scrubber":
        anonymous = ERASED_USERNAME.format(pk=user.pk)
        strict = {
            user.get_full_name(): anonymous,
            user.email: anonymous,
            user.get_username(): anonymous,
            profile.employee_id: erased_employee_id(profile.pk),
        }
        loose = {**strict, user.first_name: anonymous, user.last_name: anonymous}
        return cls(_identifiers(strict), _identifiers(loose))

    def candidates(self, model, *fields: str):
        """``model``'s rows whose ``fields`` (text or JSON) may name the person:
        a coarse search in the database, which ``mentions`` then confirms."""
        if not self.strict:
            return model.objects.none()
        match = models.Q()
        for identifier in self.strict:
            escaped = json.dumps(identifier)[1:-1]  # as SQLite keeps JSON text
            for field in fields:
                match |= models.Q(**{f"{field}__icontains": identifier})
                if escaped != identifier:
                    match |= models.Q(**{f"{field}__icontains": escaped})
        return model.objects.filter(match)

    def mentions(self, value) -> bool:
        text = json.dumps(value, ensure_ascii=False)
        return bool(self.strict) and bool(self._pattern(self.strict).search(text))

    def clean(self, value, *, loose: bool = False):
        """``value`` (text, or JSON of lists and dicts) without the identifiers."""
        replacements = self.loose if loose else self.strict
        if not replacements:
            return value
        return _replace(value, self._pattern(replacements), replacements)

    @staticmethod
    def _pattern(replacements: dict[str, str]) -> re.Pattern:
        words = sorted(replacements, key=len, reverse=True)
        alternatives = "|".join(map(re.escape, words))
        return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def _identifiers(values: dict[str, str]) -> dict[str, str]:
    """Identifiers long enough to replace safely, keyed case-insensitively."""
    found = {}
    for key, replacement in values.items():
        key = key.strip().casefold()
        if len(key) >= SHORTEST_IDENTIFIER and key != replacement.casefold():
            found[key] = replacement
    return found


def _replace(value, pattern, replacements):
    if isinstance(value, str):
        return pattern.sub(lambda match: replacements[match[0].casefold()], value)
    if isinstance(value, list):
        return [_replace(item, pattern, replacements) for item in value]
    if isinstance(value, dict):
        return {
            _replace(key, pattern, replacements): _replace(item, pattern, replacements)
            for key, item in value.items()
        }
    return value


def _rewrite_logs(profile: StaffProfile, scrubber: Scrubber) -> None:
    """Log entries and revisions keep their rows (the audit trail's shape) but
    no longer name the person: entries about them get the anonymous label."""
    about_person = [
        StaffLogEntry.objects.filter(staff_id=profile.pk),
        ModelLogEntry.objects.filter(_about(profile.user)),
        ModelLogEntry.objects.filter(_about(profile)),
    ]
    for entries in about_person:
        for entry in entries:
            entry.label = str(profile)
            entry.data = scrubber.clean(entry.data, loose=True)
            entry.save(update_fields=["label", "data"])
    for model in (StaffLogEntry, ModelLogEntry, PageLogEntry):
        for entry in scrubber.candidates(model, "label", "data"):
            if scrubber.mentions([entry.label, entry.data]):
                entry.label = scrubber.clean(entry.label)
                entry.data = scrubber.clean(entry.data)
                entry.save(update_fields=["label", "data"])
    for revision in scrubber.candidates(Revision, "object_str", "content"):
        if scrubber.mentions([revision.object_str, revision.content]):
            revision.object_str = scrubber.clean(revision.object_str)
            revision.content = scrubber.clean(revision.content)
            revision.save(update_fields=["object_str", "content"])


register("people", export=export_people, erase=erase_people)
