"""The four roles: Django groups that ``manage.py setup_training`` creates and keeps
to exactly the permissions below."""

from django.apps import apps
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

ADMIN_ACCESS = "wagtailadmin.access_admin"
CONTENT_ACTIONS = ("add", "change", "delete", "view")


def _model_permissions(app_label, models, actions=CONTENT_ACTIONS):
    return [f"{app_label}.{action}_{model}" for model in models for action in actions]


# Each role's permissions, as ``user.has_perm`` names them ("app_label.codename").
ROLE_PERMISSIONS = {
    LEARNERS: [],
    TRAINERS: [
        ADMIN_ACCESS,
        *_model_permissions("wagtailimages", ["image"], ("add", "change", "choose")),
        *_model_permissions("wagtaildocs", ["document"], ("add", "change", "choose")),
        *_model_permissions("courses", ["clause"]),
        # Trainers author the quizzes, and view and change attempts to mark them.
        *_model_permissions(
            "quizzes",
            ["questionbank", "category", "question", "choice", "quiz", "categorydraw"],
        ),
        *_model_permissions("quizzes", ["attempt", "answer"], ("view", "change")),
        "certification.add_observation",
        "certification.view_observation",
        "certification.observe_anyone",
        *_model_permissions(
            "certification",
            ["observationchecklist", "courserequirements"],
            ("add", "change", "view"),
        ),
        "certification.view_certificationrecord",
        "certification.add_materialchange",
        "certification.view_materialchange",
    ],
    MANAGERS: [
        ADMIN_ACCESS,
        "people.view_staffprofile",
        "certification.add_observation",
        "certification.view_observation",
        "certification.view_certificationrecord",
        "certification.view_certificate",
        "certification.view_training_reports",
    ],
    HR: [
        ADMIN_ACCESS,
        *_model_permissions("people", ["staffprofile"], ("view", "add", "change")),
        "people.view_all_staff",
        *_model_permissions(
            "people", ["department", "location", "jobrole"], ("view", "add", "change")
        ),
        # The API tokens the HR system uses.
        *_model_permissions("wagtailcore", ["apitoken"]),
        "certification.view_observation",
        "certification.view_certificationrecord",
        "certification.revoke_certificate",
        "certification.view_certificate",
        "certification.view_courserequirements",
        "certification.view_training_reports",
        *_model_permissions("certification", ["assignment"]),
        "certification.view_materialchange",
    ],
}

# Permissions of apps a site may leave out, granted where the app is installed:
# trainers send pages for translation (wagtail-localize, the plugin's extra).
OPTIONAL_PERMISSIONS = {TRAINERS: ["wagtail_localize.submit_translation"]}


def permissions_of(role: str) -> list[str]:
    """The role's permissions, with the optional ones whose app is installed."""
    optional = [
        name
        for name in OPTIONAL_PERMISSIONS.get(role, [])
        if apps.is_installed(name.split(".")[0])
    ]
    return [*ROLE_PERMISSIONS[role], *optional]


# Wagtail page permissions each role holds on the training index and its courses.
TRAINING_INDEX_PERMISSIONS = {
    TRAINERS: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
}


def sees_all_staff(user) -> bool:
    """HR (and superusers) see every person and record."""
    return user.is_active and (
        user.is_superuser or user.has_perm("people.view_all_staff")
    )
