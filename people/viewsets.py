from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import BooleanColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import HeaderButton

from people.forms import StaffProfileForm
from people.models import Department, JobRole, Location, StaffProfile
from people.views import IMPORT_PERMISSION

SEARCH_FIELDS = ["employee_id", "user__first_name", "user__last_name", "user__email"]


class StaffProfileFilterSet(WagtailFilterSet):
    class Meta:
        model = StaffProfile
        fields = ["department", "location", "job_role", "is_active"]


def scoped_staff(user):
    """The staff ``user`` may see in the admin, with what the listing shows."""
    return StaffProfile.objects.for_viewer(user).with_related()


class StaffProfileIndexView(generic.IndexView):
    def get_base_queryset(self):
        return scoped_staff(self.request.user)

    def search_queryset(self, queryset):
        # Every word must match a field, so "Ann Lee" finds Ann Lee.
        if not self.is_searching:
            return queryset
        for word in self.search_query.split():
            match = Q()
            for field in SEARCH_FIELDS:
                match |= Q(**{f"{field}__icontains": word})
            queryset = queryset.filter(match)
        return queryset

    @cached_property
    def columns(self):
        title, *others = super().columns
        title.label = _("Name")
        title.sort_key = "user__last_name"
        return [title, *others]

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


class StaffProfileEditView(ScopedObjectMixin, generic.EditView):
    pass


class StaffProfileInspectView(ScopedObjectMixin, generic.InspectView):
    pass


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
        BooleanColumn("is_active", label=_("Employed"), sort_key="is_active"),
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
