"""The logs the training history reads, each as a ``Source``: its rows, the
paths to the moment, actor, person and course, and how its entries read."""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Case, OuterRef, Subquery, Value, When
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast, Coalesce
from django.utils.translation import gettext_lazy as _
from wagtail.models import APIToken, ModelLogEntry

from certification.assignments import ASSIGN_ACTION, UNASSIGN_ACTION
from certification.dates import show_day
from certification.models import (
    Assignment,
    Cause,
    CertificationEvent,
    Observation,
    Status,
)
from people.imports import FIELD_LABELS
from people.models import StaffLogEntry, StaffProfile
from people.services import IMPORT_ACTION
from reports.audit.entries import (
    ERASE_ACTION,
    STATUS_LABELS,
    TOKEN_CREATE,
    TOKEN_REVOKE,
    Entry,
    Kind,
    fill_person,
    name_of,
    profile_of,
)


class Source:
    """One log the history reads: its rows, and the paths to what it records."""

    kinds: tuple[str, ...] = ()
    at = "at"
    actor = "actor"
    person: str | None = None  # the path to the StaffProfile it is about
    course: str | None = None  # the path to its course

    def rows(self) -> models.QuerySet:
        raise NotImplementedError

    def kind(self):
        return Value(self.kinds[0], output_field=models.CharField())

    def for_course(self, rows, course):
        """The rows about ``course`` or one of its translations."""
        key = f"{self.course}__translation_key"
        return rows.filter(**{key: course.translation_key})

    def entries(self, pks: list[int]) -> dict[int, Entry]:
        """The entries of ``pks``, in a fixed number of queries."""
        raise NotImplementedError


class EventSource(Source):
    """Changes of a record's status, and extra attempts (kept as events)."""

    kinds = (
        Kind.ISSUED,
        Kind.REVOKED,
        Kind.REINSTATED,
        Kind.EXPIRED,
        Kind.STATUS,
        Kind.EXTRA_ATTEMPTS,
    )
    person = "record__user__staff_profile"
    course = "record__course"

    def rows(self):
        return CertificationEvent.objects.all()

    def kind(self):
        return Case(
            When(cause=Cause.EXTRA_ATTEMPTS, then=Value(Kind.EXTRA_ATTEMPTS)),
            # The record keeps its status; the certificate was revoked.
            When(cause=Cause.ERASED, then=Value(Kind.REVOKED)),
            # Certified before and after: a refresher is due.
            When(cause=Cause.MATERIAL_CHANGE, then=Value(Kind.STATUS)),
            When(from_status=Status.REVOKED, then=Value(Kind.REINSTATED)),
            When(to_status=Status.REVOKED, then=Value(Kind.REVOKED)),
            When(to_status=Status.CERTIFIED, then=Value(Kind.ISSUED)),
            When(to_status=Status.EXPIRED, then=Value(Kind.EXPIRED)),
            default=Value(Kind.STATUS),
            output_field=models.CharField(),
        )

    def entries(self, pks):
        events = CertificationEvent.objects.filter(pk__in=pks).annotate(
            kind=self.kind()
        )
        events = events.select_related(
            "actor",
            "record__course",
            "record__user__staff_profile__user",
            "record__user__staff_profile__department",
        )
        return {event.pk: self.entry(event) for event in events}

    def entry(self, event) -> Entry:
        kind = event.kind
        entry = Entry(
            at=event.at,
            kind=kind,
            what=str(_event_what(event)),
            actor=name_of(event.actor),
            course=event.record.course.title,
        )
        user = event.record.user
        fill_person(entry, user, profile_of(user))
        if kind != Kind.STATUS:
            entry.details.append(event.why)
        elif event.from_status != event.to_status:
            entry.details.append(
                _("%(from)s → %(to)s.")
                % {
                    "from": STATUS_LABELS.get(event.from_status, "—"),
                    "to": STATUS_LABELS.get(event.to_status, ""),
                }
            )
            entry.details.append(event.why)
        elif event.reason:
            entry.details.append(event.reason)
        return entry


def _event_what(event) -> str:
    """The kind's label; for a note that left the status as it was (a change
    to the standard), what the note says."""
    if event.kind != Kind.STATUS:
        return Kind(event.kind).label
    if event.from_status == event.to_status and event.cause in Cause.values:
        return Cause(event.cause).label
    return _("Status changed")


class ObservationSource(Source):
    """Practical observations: each one, whether or not it changed a status."""

    kinds = (Kind.OBSERVATION,)
    at = "created_at"
    actor = "observer"
    person = "learner__staff_profile"
    course = "course"

    def rows(self):
        return Observation.objects.all()

    def entries(self, pks):
        observations = Observation.objects.filter(pk__in=pks).select_related(
            "observer",
            "course",
            "learner__staff_profile__user",
            "learner__staff_profile__department",
        )
        return {item.pk: self.entry(item) for item in observations}

    def entry(self, observation) -> Entry:
        what = (
            _("Practical observation: passed")
            if observation.passed
            else _("Practical observation: not passed")
        )
        entry = Entry(
            at=observation.created_at,
            kind=Kind.OBSERVATION,
            what=str(what),
            actor=name_of(observation.observer),
            course=observation.course.title,
            details=[
                _("Observed on %(day)s.") % {"day": show_day(observation.observed_on)}
            ],
        )
        fill_person(entry, observation.learner, profile_of(observation.learner))
        return entry


class StaffLogSource(Source):
    """The staff log: imports, erasures, edits and invitations."""

    kinds = (Kind.IMPORTED, Kind.ERASED, Kind.STAFF)
    at = "timestamp"
    actor = "user"
    person = "staff"

    def rows(self):
        return StaffLogEntry.objects.all()

    def kind(self):
        return Case(
            When(action=IMPORT_ACTION, then=Value(Kind.IMPORTED)),
            When(action=ERASE_ACTION, then=Value(Kind.ERASED)),
            default=Value(Kind.STAFF),
            output_field=models.CharField(),
        )

    def entries(self, pks):
        logged = list(StaffLogEntry.objects.filter(pk__in=pks).select_related("user"))
        # The staff key has no database constraint (the entry outlives the
        # person), so the people are read apart: one query.
        staff_ids = {entry.staff_id for entry in logged}
        profiles = StaffProfile.objects.filter(pk__in=staff_ids).select_related(
            "user", "department"
        )
        by_id = {profile.pk: profile for profile in profiles}
        return {item.pk: self.entry(item, by_id.get(item.staff_id)) for item in logged}

    def entry(self, logged, profile) -> Entry:
        entry = Entry(
            at=logged.timestamp,
            kind=Kind.STAFF,
            what=str(logged.message),
            actor=name_of(logged.user),
        )
        if logged.action == IMPORT_ACTION:
            entry.kind = Kind.IMPORTED
            entry.what = str(imported_what(logged.data))
            entry.details = [imported_details(logged.data)]
        elif logged.action == ERASE_ACTION:
            entry.kind = Kind.ERASED
            entry.what = str(Kind.ERASED.label)
        if profile is not None:
            fill_person(entry, profile.user, profile)
        else:
            entry.whom = logged.label
        return entry


def imported_what(data: dict):
    if data.get("created"):
        return _("Added by staff import")
    return _("Changed by staff import")


def imported_details(data: dict) -> str:
    changes = [str(FIELD_LABELS.get(name, name)) for name in data.get("changes", [])]
    if not changes or data.get("created"):
        return ""
    return _("Changed: %(fields)s.") % {"fields": ", ".join(changes)}


class ModelLogSource(Source):
    """Entries of Wagtail's own log about one model."""

    at = "timestamp"
    actor = "user"
    model: type[models.Model]

    def rows(self):
        content_type = ContentType.objects.get_for_model(self.model)
        return ModelLogEntry.objects.filter(content_type=content_type)


class TokenSource(ModelLogSource):
    """API tokens created, renamed or revoked (Wagtail logs these itself)."""

    kinds = (Kind.TOKEN,)
    model = APIToken

    def entries(self, pks):
        logged = list(ModelLogEntry.objects.filter(pk__in=pks).select_related("user"))
        token_ids = {entry.object_id for entry in logged}
        tokens = APIToken.objects.filter(pk__in=token_ids).select_related("user")
        owners = {str(token.pk): token.user for token in tokens}
        return {
            item.pk: self.entry(item, owners.get(item.object_id)) for item in logged
        }

    def entry(self, logged, owner) -> Entry:
        what = {
            TOKEN_CREATE: _("API token created"),
            TOKEN_REVOKE: _("API token revoked"),
        }.get(logged.action, _("API token changed"))
        entry = Entry(
            at=logged.timestamp,
            kind=Kind.TOKEN,
            what=str(what),
            actor=name_of(logged.user),
            whom=_("API token “%(token)s”") % {"token": logged.label},
        )
        if owner is not None:
            entry.details = [_("It acts as %(user)s.") % {"user": owner.get_username()}]
        return entry


def _logged_id(name: str):
    """A key of an assignment's log entry (``data``) as a number."""
    return Cast(KeyTextTransform(name, "data"), models.BigIntegerField())


def _assignment_value(name: str):
    """A field of the logged assignment: from the row while it exists, else
    from the entry's data (an assignment removed is deleted)."""
    live = Assignment.objects.annotate(key=Cast("pk", models.CharField())).filter(
        key=OuterRef("object_id")
    )
    return Coalesce(
        Subquery(live.values(name)[:1]),
        _logged_id(name),
        output_field=models.BigIntegerField(),
    )


class AssignmentSource(ModelLogSource):
    """Courses assigned to, or taken off, a person, department, location or
    job role."""

    kinds = (Kind.ASSIGNMENT,)
    model = Assignment
    person = "assigned_person"
    course = "assigned_course"

    def rows(self):
        return (
            super()
            .rows()
            .filter(action__in=[ASSIGN_ACTION, UNASSIGN_ACTION])
            .alias(
                assigned_person=_assignment_value("person_id"),
                assigned_course=_assignment_value("course_id"),
            )
        )

    def for_course(self, rows, course):
        return rows.filter(assigned_course=course.pk)

    def entries(self, pks):
        logged = list(ModelLogEntry.objects.filter(pk__in=pks).select_related("user"))
        assignments = Assignment.objects.filter(
            pk__in=[entry.object_id for entry in logged if entry.object_id.isdigit()]
        ).select_related("person__user", "person__department")
        by_id = {str(item.pk): item for item in assignments}
        return {item.pk: self.entry(item, by_id.get(item.object_id)) for item in logged}

    def entry(self, logged, assignment) -> Entry:
        data = logged.data or {}
        what = (
            _("Course assigned")
            if logged.action == ASSIGN_ACTION
            else _("Course unassigned")
        )
        entry = Entry(
            at=logged.timestamp,
            kind=Kind.ASSIGNMENT,
            what=str(what),
            actor=name_of(logged.user),
            whom=data.get("target_name") or logged.label,
            course=data.get("course", ""),
        )
        if assignment is not None and assignment.person is not None:
            fill_person(entry, assignment.person.user, assignment.person)
        if data.get("people") is not None:
            entry.details.append(
                _("People it reaches: %(count)s.") % {"count": data["people"]}
            )
        return entry


# A source's place here is its number in the history's rows (``h_source``).
SOURCES = [
    EventSource(),
    ObservationSource(),
    StaffLogSource(),
    TokenSource(),
    AssignmentSource(),
]
