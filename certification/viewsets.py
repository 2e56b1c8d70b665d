"""The "Training" admin menu: certification records, observations, checklists and
each course's certification rules."""

import django_filters
from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, StatusTagColumn
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import BooleanRadioSelect

from certification.admin_assignments import (
    AssignmentCreateView,
    AssignmentDeleteView,
    AssignmentDueForm,
    AssignmentEditView,
    AssignmentFilterSet,
    AssignmentForm,
    AssignmentIndexView,
    people_reached,
)
from certification.admin_forms import CourseRequirementsForm
from certification.admin_refreshers import (
    MaterialChangeCreateView,
    MaterialChangeForm,
    MaterialChangeIndexView,
    MaterialChangeInspectView,
)
from certification.admin_views import (
    SEARCH_FIELDS,
    CertificateZipView,
    CertificationRecordIndexView,
    CertificationRecordInspectView,
    CourseRequirementsIndexView,
    GrantExtraAttemptsView,
    ObservationChecklistDeleteView,
    ObservationChecklistIndexView,
    ObservationIndexView,
    RecordObservationView,
    ReinstateCertificateView,
    RevokeCertificateView,
    person_name,
)
from certification.dates import local_day, show_day
from certification.models import (
    Assignment,
    CertificationRecord,
    CourseRequirements,
    MaterialChange,
    Observation,
    ObservationChecklist,
    Status,
)
from courses.models import CoursePage
from people.languages import original_language
from people.models import Department, JobRole, Location
from people.viewsets import YesNoColumn

EXPIRING_DAYS = 30
RECORD_INSPECT_URL_NAME = "certification_records:inspect"


class DayColumn(Column):
    """A moment or a date shown as its local day, e.g. "12 Dec 2026"."""

    empty_value_display = "—"

    def get_value(self, instance):
        return show_day(super().get_value(instance))


class CertificationRecordFilterSet(WagtailFilterSet):
    course = django_filters.ModelChoiceFilter(
        label=_("Course"),
        queryset=CoursePage.objects.filter(original_language()).order_by("title"),
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Status.choices)
    department = django_filters.ModelChoiceFilter(
        label=_("Department"),
        field_name="user__staff_profile__department",
        queryset=Department.objects.all(),
    )
    location = django_filters.ModelChoiceFilter(
        label=_("Location"),
        field_name="user__staff_profile__location",
        queryset=Location.objects.all(),
    )
    job_role = django_filters.ModelChoiceFilter(
        label=_("Job role"),
        field_name="user__staff_profile__job_role",
        queryset=JobRole.objects.all(),
    )
    expiring = django_filters.BooleanFilter(
        label=_("Expiring within 30 days"),
        method="filter_expiring",
        widget=BooleanRadioSelect,
    )

    class Meta:
        model = CertificationRecord
        fields = ["course", "status"]

    def filter_expiring(self, queryset, name, value):
        if value is None:
            return queryset
        expiring = CertificationRecord.objects.expiring_within(EXPIRING_DAYS)
        if value:
            return queryset.filter(pk__in=expiring.values("pk"))
        return queryset.exclude(pk__in=expiring.values("pk"))


class ReadOnlyModelViewSet(ModelViewSet):
    """A listing, without the edit, delete and history views, and without the
    add view unless ``add_view_enabled``: what it lists changes only through
    its own actions."""

    add_view_enabled = False
    copy_view_enabled = False
    add_to_reference_index = False

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            **{
                **({} if self.add_view_enabled else {"add_url_name": None}),
                "edit_url_name": None,
                "delete_url_name": None,
                "history_url_name": None,
                "usage_url_name": None,
                **kwargs,
            }
        )

    def get_urlpatterns(self):
        patterns = [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
        ]
        if self.add_view_enabled:
            patterns.append(path("new/", self.add_view, name="add"))
        if self.inspect_view_enabled:
            patterns.append(
                path("inspect/<int:pk>/", self.inspect_view, name="inspect")
            )
        return patterns


class CertificationRecordViewSet(ReadOnlyModelViewSet):
    model = CertificationRecord
    name = "certification_records"
    url_prefix = "training/records"
    icon = "success"
    menu_label = _("Certification records")
    menu_order = 100
    index_view_class = CertificationRecordIndexView
    inspect_view_class = CertificationRecordInspectView
    inspect_view_enabled = True
    filterset_class = CertificationRecordFilterSet
    search_fields = SEARCH_FIELDS
    search_backend_name = None
    list_per_page = 50
    list_display = [
        "user",
        Column(
            "employee_id",
            label=_("Employee ID"),
            accessor="user.staff_profile.employee_id",
            sort_key="user__staff_profile__employee_id",
        ),
        Column(
            "department",
            label=_("Department"),
            accessor="user.staff_profile.department",
            sort_key="user__staff_profile__department__name",
        ),
        Column(
            "location",
            label=_("Location"),
            accessor="user.staff_profile.location",
            sort_key="user__staff_profile__location__name",
        ),
        Column(
            "course",
            label=_("Course"),
            accessor="course.title",
            sort_key="course__title",
        ),
        StatusTagColumn(
            "status",
            label=_("Status"),
            accessor="get_status_display",
            sort_key="status",
            primary=lambda record: record.status == Status.CERTIFIED,
        ),
        Column(
            "progress",
            label=_("Progress"),
            accessor=lambda record: f"{record.progress}%",
            sort_key="progress",
        ),
        Column(
            "certified_at",
            label=_("Certified on"),
            accessor=lambda record: local_day(record.certified_at),
            sort_key="certified_at",
        ),
        Column(
            "expires_at",
            label=_("Expires on"),
            accessor=lambda record: local_day(record.expires_at),
            sort_key="expires_at",
        ),
    ]

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(
            zip_url_name=self.get_url_name("zip"), **kwargs
        )

    def get_inspect_view_kwargs(self, **kwargs):
        return super().get_inspect_view_kwargs(
            revoke_url_name=self.get_url_name("revoke"),
            reinstate_url_name=self.get_url_name("reinstate"),
            **kwargs,
        )

    @property
    def zip_view(self):
        return self.construct_view(CertificateZipView, **self.get_index_view_kwargs())

    def action_view(self, view_class):
        return self.construct_view(
            view_class, inspect_url_name=self.get_url_name("inspect")
        )

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("certificates.zip", self.zip_view, name="zip"),
            path(
                "revoke/<int:pk>/",
                self.action_view(RevokeCertificateView),
                name="revoke",
            ),
            path(
                "reinstate/<int:pk>/",
                self.action_view(ReinstateCertificateView),
                name="reinstate",
            ),
            path(
                "extra-attempts/<int:pk>/<int:quiz_pk>/",
                self.action_view(GrantExtraAttemptsView),
                name="extra_attempts",
            ),
        ]


class ObservationFilterSet(WagtailFilterSet):
    course = django_filters.ModelChoiceFilter(
        label=_("Course"),
        queryset=CoursePage.objects.filter(original_language()).order_by("title"),
    )
    passed = django_filters.BooleanFilter(label=_("Passed"), widget=BooleanRadioSelect)

    class Meta:
        model = Observation
        fields = ["course", "passed"]


class ObservationViewSet(ReadOnlyModelViewSet):
    model = Observation
    name = "observations"
    url_prefix = "training/observations"
    icon = "clipboard-list"
    menu_label = _("Practical observations")
    menu_order = 200
    index_view_class = ObservationIndexView
    filterset_class = ObservationFilterSet
    search_fields = ["learner__first_name", "learner__last_name"]
    search_backend_name = None
    list_per_page = 50
    list_display = [
        "learner",
        Column(
            "employee_id",
            label=_("Employee ID"),
            accessor="learner.staff_profile.employee_id",
            sort_key="learner__staff_profile__employee_id",
        ),
        Column(
            "course",
            label=_("Course"),
            accessor="course.title",
            sort_key="course__title",
        ),
        Column("observed_on", label=_("Observed on"), sort_key="observed_on"),
        Column(
            "observer",
            label=_("Observer"),
            # Not a UserColumn: its avatar costs a query per row.
            accessor=lambda observation: (
                person_name(observation.observer) if observation.observer else ""
            ),
            sort_key="observer__last_name",
        ),
        StatusTagColumn(
            "passed",
            label=_("Result"),
            accessor=lambda observation: (
                _("Passed") if observation.passed else _("Not yet")
            ),
            sort_key="passed",
            primary=lambda observation: observation.passed,
        ),
    ]

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            add_url_name=self.get_url_name("add"), **kwargs
        )

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(
            record_inspect_url_name=RECORD_INSPECT_URL_NAME, **kwargs
        )

    @property
    def record_view(self):
        return self.construct_view(
            RecordObservationView,
            record_inspect_url_name=RECORD_INSPECT_URL_NAME,
        )

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("new/", self.record_view, name="add"),
        ]


class ObservationChecklistViewSet(ModelViewSet):
    model = ObservationChecklist
    name = "observation_checklists"
    url_prefix = "training/checklists"
    icon = "list-ul"
    menu_label = _("Observation checklists")
    menu_order = 300
    add_to_reference_index = False
    copy_view_enabled = False
    index_view_class = ObservationChecklistIndexView
    delete_view_class = ObservationChecklistDeleteView
    search_fields = ["title", "description"]
    search_backend_name = None
    list_display = [
        "title",
        Column("item_count", label=_("Items"), sort_key="item_count"),
        Column(
            "created_at",
            label=_("Created on"),
            accessor=lambda checklist: local_day(checklist.created_at),
            sort_key="created_at",
        ),
    ]


class CourseRequirementsViewSet(ModelViewSet):
    model = CourseRequirements
    name = "certification_rules"
    url_prefix = "training/rules"
    icon = "cog"
    menu_label = _("Certification rules")
    menu_order = 400
    add_to_reference_index = False
    copy_view_enabled = False
    inspect_view_enabled = True
    index_view_class = CourseRequirementsIndexView
    search_fields = ["course__title"]
    search_backend_name = None
    list_display = [
        "course",
        YesNoColumn(
            "module_quizzes", label=_("Module quizzes"), sort_key="module_quizzes"
        ),
        YesNoColumn(
            "observation_required",
            label=_("Observation"),
            sort_key="observation_required",
        ),
        Column("checklist", label=_("Checklist"), sort_key="checklist__title"),
        Column("deadline_days", label=_("Days to certify"), sort_key="deadline_days"),
        Column(
            "reminder_days",
            label=_("Reminders (days before expiry)"),
            accessor=lambda rules: ", ".join(map(str, rules.reminder_day_list)),
        ),
    ]
    inspect_view_fields = [
        "course",
        "module_quizzes",
        "observation_required",
        "checklist",
        "deadline_days",
        "reminder_days",
    ]
    edit_handler = ObjectList(
        [
            FieldPanel("course"),
            MultiFieldPanel(
                [
                    FieldPanel("module_quizzes"),
                    FieldPanel("observation_required"),
                    FieldPanel("checklist"),
                ],
                heading=_("What certification requires"),
            ),
            MultiFieldPanel(
                [
                    FieldRowPanel(
                        [FieldPanel("deadline_days"), FieldPanel("reminder_days")]
                    )
                ],
                heading=_("Deadline and reminders"),
            ),
        ],
        base_form_class=CourseRequirementsForm,
    )


class AssignmentViewSet(ModelViewSet):
    """Assignments: made after a preview; editing changes the due rule only."""

    model = Assignment
    name = "assignments"
    url_prefix = "training/assignments"
    icon = "calendar-check"
    menu_label = _("Assignments")
    menu_order = 150
    add_view_class = AssignmentCreateView
    edit_view_class = AssignmentEditView
    delete_view_class = AssignmentDeleteView
    index_view_class = AssignmentIndexView
    filterset_class = AssignmentFilterSet
    copy_view_enabled = False
    inspect_view_enabled = False
    add_to_reference_index = False
    list_per_page = 50
    list_display = [
        Column("course", label=_("Course"), accessor="course"),
        Column("target", label=_("Assigned to"), accessor="get_target_display"),
        Column("whom", label=_("Who"), accessor="target_name"),
        Column("people", label=_("People"), accessor=people_reached),
        Column("due", label=_("Due"), accessor="due_label"),
        Column("created_by", label=_("Assigned by"), accessor="created_by"),
        DayColumn("created_at", label=_("Assigned on"), sort_key="created_at"),
    ]

    def get_form_class(self, for_update=False):
        return AssignmentDueForm if for_update else AssignmentForm


class MaterialChangeViewSet(ReadOnlyModelViewSet):
    """Changes to the standard: recorded, then only looked at."""

    model = MaterialChange
    name = "material_changes"
    url_prefix = "training/material-changes"
    icon = "warning"
    menu_label = _("Material changes")
    menu_order = 160
    add_view_class = MaterialChangeCreateView
    index_view_class = MaterialChangeIndexView
    inspect_view_class = MaterialChangeInspectView
    add_view_enabled = True
    inspect_view_enabled = True
    list_per_page = 50
    list_display = [
        Column("course", label=_("Course"), accessor="course"),
        Column("reason", label=_("What changed"), accessor="reason"),
        DayColumn("due_on", label=_("Due"), sort_key="due_on"),
        Column("affected", label=_("People"), accessor="affected"),
        Column("done", label=_("Done"), accessor="done"),
        Column("pending", label=_("To do"), accessor="pending"),
        Column("missed", label=_("Overdue or missed"), accessor="missed"),
        DayColumn("created_at", label=_("Recorded on"), sort_key="created_at"),
    ]

    def get_form_class(self, for_update=False):
        return MaterialChangeForm


class TrainingViewSetGroup(ViewSetGroup):
    """The "Training" menu; other parts add items with the ``submenu_hook``."""

    menu_label = _("Training")
    menu_icon = "tasks"
    menu_order = 270
    items = (
        CertificationRecordViewSet,
        AssignmentViewSet,
        MaterialChangeViewSet,
        ObservationViewSet,
        ObservationChecklistViewSet,
        CourseRequirementsViewSet,
    )
    submenu_hook = "register_training_menu_item"
