import django_filters
from django import forms
from django.contrib.admin.utils import quote
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.active_filters import (
    ActiveFilter,
    BaseFilterAdapter,
    register_filter_adapter_class,
)
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import BooleanColumn, BulkActionsCheckboxColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import HeaderButton

from people.forms import StaffProfileForm
from people.models import SEARCH_FIELDS, Department, JobRole, Location, StaffProfile
from people.privacy_views import PrivacyButtonsMixin
from people.views import IMPORT_PERMISSION, INVITE_PERMISSION

# Apps add sections to a person's page: fn(request, profile, panels) appends
# Wagtail components to ``panels``.
PANELS_HOOK = "construct_staff_profile_panels"


class YesNoFilterAdapter(BaseFilterAdapter):
    """A yes-or-no filter in force reads "Yes" or "No" in the reader's language
    (Wagtail's would show "True" or "False", in English); an unticked box is no
    filter at all."""

    def get_active_filters(self):
        unticked = self.value is False and isinstance(
            self.filter.field.widget, forms.CheckboxInput
        )
        if self.value is None or unticked:
            return
        yield ActiveFilter(
            self.bound_field.auto_id,
            self.filter.label,
            str(_("Yes") if self.value else _("No")),
            self.get_url_without_filter_param(self.name),
        )


# Every yes-or-no filter of the admin's listings: the training reports' and
# records' as well as the staff's.
register_filter_adapter_class(django_filters.BooleanFilter, YesNoFilterAdapter)


class StaffProfileFilterSet(WagtailFilterSet):
    class Meta:
        model = StaffProfile
        fields = ["department", "location", "job_role", "is_active"]


def scoped_staff(user):
    """The staff ``user`` may see in the admin, with what the listing shows."""
    return StaffProfile.objects.for_viewer(user).with_related()


class StaffProfileIndexView(generic.IndexView):
    template_name = "people/staff_index.html"

    def get_base_queryset(self):
        return scoped_staff(self.request.user)

    @cached_property
    def can_invite(self):
        return self.request.user.has_perm(INVITE_PERMISSION)

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        return queryset.search(self.search_query)

    @cached_property
    def columns(self):
        title, *others = super().columns
        title.label = _("Name")
        title.sort_key = "user__last_name"
        if not self.can_invite:
            return [title, *others]
        # Ticking people offers the bulk action that invites them.
        checkboxes = BulkActionsCheckboxColumn("bulk_actions", obj_type="staff")
        return [checkboxes, title, *others]

    def _get_title_column(self, *args, **kwargs):
        # The bulk action's checkboxes are described by the name they select.
        return super()._get_title_column(
            *args,
            **kwargs,
            get_title_id=lambda profile: f"staff_{quote(profile.pk)}_title",
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(can_invite=self.can_invite, **kwargs)

    @cached_property
    def header_buttons(self):
        buttons = super().header_buttons
        if self.request.user.has_perm(IMPORT_PERMISSION):
            url = reverse("people:import_staff")
            buttons.append(HeaderButton(_("Import staff"), url, icon_name="upload"))
        return buttons


class ScopedObjectMixin:
    """Open only the staff the user may see; others are a 404."""

    def get_object(self, queryset=None):
        return get_object_or_404(scoped_staff(self.request.user), pk=self.kwargs["pk"])


class InviteButtonMixin:
    """HR's button to (re-)send the person an invitation to set a password."""

    @cached_property
    def header_buttons(self):
        buttons = [*super().header_buttons]
        if self.request.user.has_perm(INVITE_PERMISSION):
            if self.object.invited_at:
                label = _("Re-send invitation")
            else:
                label = _("Send invitation")
            url = reverse("people:invite_staff", args=[quote(self.object.pk)])
            buttons.append(HeaderButton(label, url, icon_name="mail"))
        return buttons


class StaffProfileEditView(
    PrivacyButtonsMixin, InviteButtonMixin, ScopedObjectMixin, generic.EditView
):
    pass


class YesNoColumn(BooleanColumn):
    """Wagtail's tick or cross, its tooltip "Yes" or "No" in the reader's language
    (Wagtail's own says "True" or "False", in English)."""

    cell_template_name = "people/tables/yes_no_cell.html"


class StaffProfileInspectView(
    PrivacyButtonsMixin, InviteButtonMixin, ScopedObjectMixin, generic.InspectView
):
    """A person's details, then the panels other apps add (e.g. their training)."""

    template_name = "people/staff_inspect.html"

    def get_field_display_value(self, field_name, field):
        value = super().get_field_display_value(field_name, field)
        # No leaving date, no invitation yet: a dash, as the tables show, not "None".
        return "–" if value is None else value

    def get_is_active_display_value(self):
        return _("Yes") if self.object.is_active else _("No")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        panels = []
        for construct_panels in hooks.get_hooks(PANELS_HOOK):
            construct_panels(self.request, self.object, panels)
        context["panels"] = sorted(panels, key=lambda panel: panel.order)
        return context


class StaffProfileViewSet(ModelViewSet):
    model = StaffProfile
    name = "staff"
    url_prefix = "people/staff"
    icon = "user"
    menu_label = _("Staff")
    index_view_class = StaffProfileIndexView
    edit_view_class = StaffProfileEditView
    inspect_view_class = StaffProfileInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = [
        "full_name",
        "employee_id",
        "department",
        "location",
        "job_role",
        "manager",
        "hire_date",
        YesNoColumn("is_active", label=_("Employed"), sort_key="is_active"),
    ]
    filterset_class = StaffProfileFilterSet
    search_fields = SEARCH_FIELDS
    search_backend_name = None
    list_per_page = 50
    inspect_view_fields = [
        "employee_id",
        "department",
        "location",
        "job_role",
        "manager",
        "hire_date",
        "leave_date",
        "is_active",
        "invited_at",
    ]

    def get_form_class(self, for_update=False):
        return StaffProfileForm


class DepartmentViewSet(ModelViewSet):
    model = Department
    url_prefix = "people/departments"
    icon = "group"
    form_fields = ["name"]
    search_fields = ["name"]
    search_backend_name = None
    copy_view_enabled = False


class LocationViewSet(DepartmentViewSet):
    model = Location
    url_prefix = "people/locations"
    icon = "site"


class JobRoleViewSet(DepartmentViewSet):
    model = JobRole
    url_prefix = "people/job-roles"
    icon = "tag"


class PeopleViewSetGroup(ViewSetGroup):
    menu_label = _("People")
    menu_icon = "group"
    menu_order = 250
    items = (StaffProfileViewSet, DepartmentViewSet, LocationViewSet, JobRoleViewSet)
    submenu_hook = "register_people_menu_item"
