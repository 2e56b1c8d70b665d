"""The four roles are Django groups, created by a data migration."""

from django.utils.translation import gettext_lazy as _

LEARNERS = "Learners"
TRAINERS = "Trainers"
MANAGERS = "Managers"
HR = "HR"

ROLE_NAMES = [LEARNERS, TRAINERS, MANAGERS, HR]
ROLE_LABELS = {
    LEARNERS: _("Learner"),
    TRAINERS: _("Trainer"),
    MANAGERS: _("Manager"),
    HR: _("HR"),
}


def sees_all_staff(user) -> bool:
    """HR (and superusers) see every person and record."""
    return user.is_active and (
        user.is_superuser or user.has_perm("people.view_all_staff")
    )
