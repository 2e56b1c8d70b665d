"""Bulk actions on the staff listing."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.admin.views.bulk_action import BulkAction

from people.models import StaffProfile
from people.services import check_invitable, send_invitations
from people.views import INVITE_PERMISSION, refuse
from people.viewsets import StaffProfileFilterSet, scoped_staff


class InviteBulkAction(BulkAction):
    """E-mail the chosen people (or everyone the listing shows) an invitation."""

    display_name = _("Send invitations")
    action_type = "invite"
    aria_label = _("E-mail the selected people a link to set their password")
    template_name = "people/bulk_invite.html"
    models = [StaffProfile]
    action_priority = 10

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(INVITE_PERMISSION):
            return refuse(request)
        return super().dispatch(request, *args, **kwargs)

    def chosen_staff(self):
        """The ticked people, or with "select all" the listing's filtered people."""
        staff = scoped_staff(self.request.user)
        ids = self.request.GET.getlist("id")
        if "all" not in ids:
            return staff.filter(pk__in=[pk for pk in ids if pk.isdigit()])
        filters = StaffProfileFilterSet(
            self.request.GET, queryset=staff, request=self.request
        )
        if not filters.is_valid():
            # The listing would ignore them; inviting everyone would surprise.
            return staff.none()
        return filters.qs.search(self.request.GET.get("q", ""))

    def get_actionable_objects(self):
        invitable, refused = [], []
        for profile in self.chosen_staff():
            try:
                check_invitable(profile)
            except ValidationError as error:
                refused.extend(error.messages)
            else:
                invitable.append(profile)
        return invitable, {"refused": refused}

    def get_execution_context(self):
        return {"actor": self.request.user}

    @classmethod
    def execute_action(cls, objects, *, actor, **kwargs):
        result = send_invitations(objects, actor=actor)
        return len(result.sent), 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext(
            "%(count)d invitation sent.",
            "%(count)d invitations sent.",
            num_parent_objects,
        ) % {"count": num_parent_objects}
