"""What a line of the training history says: its kind, who, what, whom."""

from dataclasses import dataclass, field
from datetime import datetime

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from certification.models import Status
from people.models import StaffProfile

ERASE_ACTION = "people.erase"  # logged by people.privacy
TOKEN_CREATE = "wagtail.apitoken.create"
TOKEN_REVOKE = "wagtail.apitoken.revoke"
SYSTEM = _("System")
NOBODY = "null"  # the actor filter's value for entries no person made
STATUS_LABELS = dict(Status.choices)


class Kind(models.TextChoices):
    """What an entry records: the history's "What" filter offers these."""

    ISSUED = "issued", _("Certificate issued")
    REVOKED = "revoked", _("Certificate revoked")
    REINSTATED = "reinstated", _("Certificate reinstated")
    EXPIRED = "expired", _("Certificate expired")
    STATUS = "status", _("Other change of status")
    EXTRA_ATTEMPTS = "extra_attempts", _("Extra attempts granted")
    OBSERVATION = "observation", _("Practical observation")
    ASSIGNMENT = "assignment", _("Course assigned or unassigned")
    IMPORTED = "imported", _("Staff import")
    STAFF = "staff", _("Staff record edited or invitation sent")
    ERASED = "erased", _("Personal data erased")
    TOKEN = "token", _("API token")


@dataclass
class Entry:
    """One line of the history, ready to show or export."""

    at: datetime
    kind: str
    what: str
    actor: str = ""
    whom: str = ""
    employee_id: str = ""
    department: str = ""
    person_url: str = ""
    course: str = ""
    details: list[str] = field(default_factory=list)

    @property
    def details_text(self) -> str:
        return " ".join(str(part) for part in self.details if part)


def name_of(user) -> str:
    if user is None:
        return str(SYSTEM)
    return user.get_full_name() or user.get_username()


def fill_person(entry: Entry, user, profile) -> None:
    """Fill in whom an entry is about: the person, their ID and page."""
    if profile is not None:
        entry.whom = profile.full_name
        entry.employee_id = profile.employee_id
        entry.department = str(profile.department or "")
        entry.person_url = reverse("staff:inspect", args=[profile.pk])
    elif user is not None:
        entry.whom = user.get_full_name() or user.get_username()


def profile_of(user):
    try:
        return user.staff_profile
    except StaffProfile.DoesNotExist:
        return None
