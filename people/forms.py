import unicodedata

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordResetForm
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from people.imports import ImportPlan, plan_staff_import
from people.languages import speaking_to
from people.mail import send_email
from people.models import StaffProfile
from people.services import apply_staff_import

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
FILE_TOO_BIG = _("The file is larger than %(megabytes)d MB.")


class StaffImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "The HR system's export, UTF-8, with the header "
            "employee_id,first_name,last_name,email,department,location,job_role,"
            "manager_employee_id,hire_date,leave_date, and optionally a last "
            "language column (en, ru or lv; empty keeps the person's)."
        ),
    )

    def clean_file(self):
        file = self.cleaned_data["file"]
        if file.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                FILE_TOO_BIG,
                code="too_big",
                params={"megabytes": MAX_UPLOAD_BYTES // (1024 * 1024)},
            )
        return file


class StaffImportConfirmForm(forms.Form):
    """Applies the previewed file, which waits in the session under ``token``."""

    token = forms.CharField(widget=forms.HiddenInput)


class StaffProfileForm(WagtailAdminModelForm):
    """Add or edit one person by the same rules, and the same service, as imports."""

    first_name = forms.CharField(label=_("first name"), max_length=150)
    last_name = forms.CharField(label=_("last name"), max_length=150)
    email = forms.EmailField(label=_("e-mail"), required=False)

    field_order = ["employee_id", "first_name", "last_name", "email"]

    class Meta:
        model = StaffProfile
        fields = [
            "employee_id",
            "department",
            "location",
            "job_role",
            "manager",
            "hire_date",
            "leave_date",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan: ImportPlan | None = None
        managers = StaffProfile.objects.select_related("user")
        if self.instance.pk:
            user = self.instance.user
            self.initial.update(
                first_name=user.first_name, last_name=user.last_name, email=user.email
            )
            self.fields["employee_id"].disabled = True
            managers = managers.exclude(pk=self.instance.pk)
        self.fields["manager"].queryset = managers

    def clean(self):
        cleaned_data = super().clean()
        if not self.errors:
            self.plan = plan_staff_import([self.staff_values()])
            for error in self.plan.errors:
                self.add_error(None, error.message)
        return cleaned_data

    def staff_values(self) -> dict[str, str]:
        """The form's data in the shape of an import row."""
        data = self.cleaned_data

        def name(obj):
            return obj.name if obj else ""

        def iso(day):
            return day.isoformat() if day else ""

        manager = data.get("manager")
        return {
            "employee_id": data["employee_id"],
            "first_name": data["first_name"],
            "last_name": data["last_name"],
            "email": data.get("email", ""),
            "department": name(data.get("department")),
            "location": name(data.get("location")),
            "job_role": name(data.get("job_role")),
            "manager_employee_id": manager.employee_id if manager else "",
            "hire_date": iso(data.get("hire_date")),
            "leave_date": iso(data.get("leave_date")),
        }

    def save(self, commit=True):
        apply_staff_import(self.plan, logged=False)  # the edit view logs the edit
        self.instance = StaffProfile.objects.with_related().get(
            employee_id=self.cleaned_data["employee_id"]
        )
        return self.instance


def _same_email(first: str, second: str) -> bool:
    def fold(text):
        return unicodedata.normalize("NFKC", text).casefold()

    return fold(first) == fold(second)


class StaffPasswordResetForm(PasswordResetForm):
    """The "Forgot your password?" form, also for staff who never set a password.

    Imported staff start without a usable password, which Django's form skips;
    people who have left get nothing.
    """

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        """Queue the e-mail, in the person's language: their choice, else the
        page's. With the database task queue the request does not wait for the
        mail server."""
        with speaking_to(context["user"], fallback=translation.get_language()):
            subject = render_to_string(subject_template_name, context)
            body = render_to_string(email_template_name, context)
            html = ""
            if html_email_template_name:
                html = render_to_string(html_email_template_name, context)
        send_email.enqueue(
            "".join(subject.splitlines()),
            body,
            [to_email],
            from_email=from_email,
            html=html,
        )

    def get_users(self, email):
        user_model = get_user_model()
        email_field = user_model.get_email_field_name()
        users = user_model._default_manager.filter(
            **{f"{email_field}__iexact": email}, is_active=True
        ).exclude(staff_profile__is_active=False)
        return (
            user for user in users if _same_email(email, getattr(user, email_field))
        )
