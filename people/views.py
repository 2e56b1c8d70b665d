import io
import secrets
from dataclasses import asdict

from django.contrib.admin.utils import quote
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views import defaults, i18n
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from people.forms import StaffImportConfirmForm, StaffImportForm
from people.imports import ImportPlan, plan_staff_csv
from people.languages import remember_language, site_language
from people.models import StaffProfile
from people.services import apply_staff_import, check_invitable, send_invitation

SESSION_KEY = "people:staff_import"
IMPORT_PERMISSION = "people.add_staffprofile"
# Whoever may import staff may invite them to set their first password.
INVITE_PERMISSION = IMPORT_PERMISSION

PREVIEW_EXPIRED = _("The preview has expired. Upload the file again.")
IMPORT_DONE = _(
    "Staff imported: %(created)d created, %(updated)d updated, "
    "%(unchanged)d unchanged, %(deactivated)d deactivated."
)
INVITATION_SENT = _(
    "An invitation to set a password was sent to %(name)s at %(email)s."
)


def refuse(request):
    # A plain 403: Wagtail would turn PermissionDenied into a redirect.
    return defaults.permission_denied(request, PermissionDenied())


class StaffImportView(WagtailAdminTemplateMixin, TemplateView):
    """Upload the HR system's CSV, preview what it would change, then apply it.

    The uploaded text waits in the session between the preview and the
    confirmation, under a token that the confirmation form posts back.
    """

    page_title = _("Import staff")
    header_icon = "upload"
    template_name = "people/import_staff.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(IMPORT_PERMISSION):
            return refuse(request)
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("staff:index"), "label": _("Staff")},
            {"url": "", "label": self.page_title},
        ]

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=StaffImportForm()))

    def post(self, request, *args, **kwargs):
        if "token" in request.POST:
            return self.apply(StaffImportConfirmForm(request.POST))
        return self.preview(StaffImportForm(request.POST, request.FILES))

    def preview(self, form: StaffImportForm):
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        upload = form.cleaned_data["file"]
        content = upload.read()
        plan = plan_staff_csv(io.BytesIO(content))
        context = self.get_context_data(form=StaffImportForm(), plan=plan)
        if plan.is_valid:
            token = self.keep_upload(content)
            context["confirm_form"] = StaffImportConfirmForm(initial={"token": token})
            context["file_name"] = upload.name
        return self.render_to_response(context)

    def apply(self, form: StaffImportConfirmForm):
        kept = self.request.session.get(SESSION_KEY) or {}
        token = form.cleaned_data["token"] if form.is_valid() else ""
        if not token or not secrets.compare_digest(token, kept.get("token", "")):
            messages.error(self.request, PREVIEW_EXPIRED)
            return redirect("people:import_staff")
        # Plan again: the staff may have changed since the preview.
        plan = plan_staff_csv(io.BytesIO(kept["content"].encode("utf-8")))
        if not plan.is_valid:
            context = self.get_context_data(form=StaffImportForm(), plan=plan)
            return self.render_to_response(context)
        counts = apply_staff_import(plan)
        del self.request.session[SESSION_KEY]
        messages.success(self.request, IMPORT_DONE % asdict(counts))
        return redirect("staff:index")

    def keep_upload(self, content: bytes) -> str:
        token = secrets.token_urlsafe(16)
        self.request.session[SESSION_KEY] = {
            "token": token,
            # A valid plan means the content is UTF-8.
            "content": content.decode("utf-8"),
        }
        return token

    def get_context_data(self, plan: ImportPlan | None = None, **kwargs):
        context = super().get_context_data(plan=plan, **kwargs)
        if plan is not None:
            context["counts"] = plan.counts
            context["changed_rows"] = plan.changed_rows if plan.is_valid else []
        return context


class PersonPageMixin:
    """An admin page about one person (``self.profile``): titled with their
    name, with breadcrumbs back through the staff list to their page."""

    @cached_property
    def inspect_url(self):
        return reverse("staff:inspect", args=[quote(self.profile.pk)])

    def get_page_subtitle(self):
        return self.profile.full_name

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("staff:index"), "label": _("Staff")},
            {"url": self.inspect_url, "label": self.profile.full_name},
            {"url": "", "label": self.page_title},
        ]


class InviteStaffView(PersonPageMixin, WagtailAdminTemplateMixin, TemplateView):
    """Confirm, then e-mail one person a one-time link to set their first password."""

    page_title = _("Send invitation")
    header_icon = "mail"
    template_name = "people/invite_staff.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(INVITE_PERMISSION):
            return refuse(request)
        self.profile = get_object_or_404(
            StaffProfile.objects.for_viewer(request.user).select_related("user"),
            pk=kwargs["pk"],
        )
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        try:
            profile = send_invitation(self.profile, actor=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect(self.inspect_url)
        messages.success(
            request,
            INVITATION_SENT % {"name": profile.full_name, "email": profile.user.email},
        )
        return redirect(self.inspect_url)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        try:
            check_invitable(self.profile)
        except ValidationError as error:
            context["problems"] = error.messages
        context.update(profile=self.profile, inspect_url=self.inspect_url)
        return context


@login_not_required
def set_language(request):
    """Django's ``set_language``, which also keeps a logged-in person's choice."""
    response = i18n.set_language(request)
    code = site_language(request.POST.get("language"))
    if request.method == "POST" and code and request.user.is_authenticated:
        remember_language(request.user, code)
    return response
