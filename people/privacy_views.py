"""HR's privacy actions on a staff member's admin page: download everything held
about them as JSON, and erase them after a second confirmation."""

import re

from django import forms
from django.contrib.admin.utils import quote
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets import HeaderButton

from people import roles
from people.models import StaffProfile
from people.privacy import (
    erase_person,
    erased_employee_id,
    export_json,
    is_erased,
    record_export,
)
from people.views import PersonPageMixin, refuse

WRONG_CONFIRMATION = _(
    "This is not the employee ID %(employee_id)s. Nothing was erased; type it "
    "exactly as shown to confirm."
)
ERASED = _(
    "The personal data was erased. The staff member is now %(employee_id)s; their "
    "records count in reports without a name."
)


def privacy_buttons(user, profile) -> list[HeaderButton]:
    """HR's two buttons on a person's page; nobody else gets them."""
    if not roles.sees_all_staff(user):
        return []
    pk = quote(profile.pk)
    return [
        HeaderButton(
            _("Download personal data (JSON)"),
            reverse("people:export_personal_data", args=[pk]),
            icon_name="download",
        ),
        HeaderButton(
            _("Erase personal data…"),
            reverse("people:erase_personal_data", args=[pk]),
            icon_name="bin",
        ),
    ]


class PrivacyButtonsMixin:
    """Adds HR's privacy buttons to a staff member's admin view."""

    @cached_property
    def header_buttons(self):
        return [
            *super().header_buttons,
            *privacy_buttons(self.request.user, self.object),
        ]


class HROnlyMixin:
    """HR (who see every person) only: anyone else gets a plain 403."""

    def dispatch(self, request, *args, **kwargs):
        if not roles.sees_all_staff(request.user):
            return refuse(request)
        self.profile = get_object_or_404(
            StaffProfile.objects.select_related("user"), pk=kwargs["pk"]
        )
        return super().dispatch(request, *args, **kwargs)


def download_name(profile: StaffProfile) -> str:
    safe_id = re.sub(r"[^A-Za-z0-9._-]+", "-", profile.employee_id)
    return f"personal-data-{safe_id}.json"


class PersonalDataView(HROnlyMixin, View):
    """The JSON export as a download; the person's log records who took it."""

    def get(self, request, *args, **kwargs):
        document = export_json(self.profile)
        record_export(self.profile, actor=request.user)
        response = HttpResponse(document, content_type="application/json")
        disposition = f'attachment; filename="{download_name(self.profile)}"'
        response["Content-Disposition"] = disposition
        return response


class EraseConfirmForm(forms.Form):
    """The second confirmation: the person's employee ID, typed by hand."""

    employee_id = forms.CharField(
        label=_("Type the employee ID to confirm"), max_length=64, strip=True
    )

    def __init__(self, *args, profile: StaffProfile, **kwargs):
        super().__init__(*args, **kwargs)
        self.profile = profile

    def clean_employee_id(self):
        typed = self.cleaned_data["employee_id"]
        if typed != self.profile.employee_id:
            raise forms.ValidationError(
                WRONG_CONFIRMATION,
                code="mismatch",
                params={"employee_id": self.profile.employee_id},
            )
        return typed


class ErasePersonView(
    HROnlyMixin, PersonPageMixin, WagtailAdminTemplateMixin, FormView
):
    """Says what erasure removes and keeps; erases once the ID is typed."""

    page_title = _("Erase personal data")
    header_icon = "bin"
    template_name = "people/privacy/erase.html"
    form_class = EraseConfirmForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "profile": self.profile}

    def form_valid(self, form):
        erase_person(self.profile, actor=self.request.user)
        self.profile.refresh_from_db()
        messages.success(
            self.request, ERASED % {"employee_id": self.profile.employee_id}
        )
        return redirect(self.inspect_url)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            profile=self.profile,
            inspect_url=self.inspect_url,
            download_url=reverse("people:export_personal_data", args=[self.profile.pk]),
            erased_id=erased_employee_id(self.profile.pk),
            already_erased=is_erased(self.profile),
            **kwargs,
        )
