"""Forms for the Training admin: observations, revoking, and certification rules."""

import uuid

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.widgets import AdminDateInput
from wagtail.permission_policies.pages import PagePermissionPolicy

from certification.models import CourseRequirements, Rating
from certification.services import (
    CANNOT_OBSERVE,
    CANNOT_OBSERVE_SELF,
    EXTRA_OUT_OF_RANGE,
    MAX_EXTRA_ATTEMPTS,
    REASON_REQUIRED,
    observable_staff,
)
from courses.models import CoursePage
from people.languages import in_active_language, original_language
from people.models import StaffProfile

NOT_IN_FUTURE = _("An observation cannot be dated in the future.")
CHOOSE_RESULT = _("Say whether the learner passed.")
REMINDER_DAYS_INVALID = _(
    "Enter whole numbers of days above zero, separated by commas, e.g. “30,7”."
)
NOT_OBSERVED = ""
RATING_CHOICES = [
    (str(Rating.MEETS.value), Rating.MEETS.label),
    (str(Rating.PARTLY.value), Rating.PARTLY.label),
    (str(Rating.NOT_YET.value), Rating.NOT_YET.label),
    (NOT_OBSERVED, _("Not observed")),
]
RESULT_CHOICES = [("passed", _("Passed")), ("not_yet", _("Not yet passed"))]


class LearnerChoiceField(forms.ModelChoiceField):
    observer = None

    def label_from_instance(self, obj):
        return f"{obj.full_name} ({obj.employee_id})"

    def to_python(self, value):
        try:
            return super().to_python(value)
        except forms.ValidationError as error:
            if error.code == "invalid_choice" and self._is_observer(value):
                raise forms.ValidationError(CANNOT_OBSERVE_SELF, code="self") from None
            raise

    def _is_observer(self, value) -> bool:
        if self.observer is None or not str(value).isdigit():
            return False
        return StaffProfile.objects.filter(pk=value, user_id=self.observer.pk).exists()


class ObservationStartForm(forms.Form):
    """Who is observed, on which course: chosen before the course's checklist."""

    learner = LearnerChoiceField(
        label=_("Learner"),
        queryset=StaffProfile.objects.none(),
        # A learner outside the list is someone the observer may not observe.
        error_messages={"invalid_choice": CANNOT_OBSERVE},
    )
    course = forms.ModelChoiceField(
        label=_("Course"),
        queryset=CoursePage.objects.live()
        .filter(original_language())
        .order_by("title"),
    )

    def __init__(self, *args, observer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["learner"].queryset = observable_staff(observer)
        self.fields["learner"].observer = observer


class ObservationForm(ObservationStartForm):
    """The practical observation: a rating and a comment per checklist item."""

    observed_on = forms.DateField(
        label=_("Observed on"), initial=timezone.localdate, widget=AdminDateInput
    )
    passed = forms.ChoiceField(
        label=_("Overall result"),
        choices=RESULT_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": CHOOSE_RESULT},
    )
    comments = forms.CharField(
        label=_("Comments"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What went well and what to practise; the learner may see it."),
    )
    submission_key = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)

    def __init__(self, *args, checklist, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["learner"].widget = forms.HiddenInput()
        self.fields["course"].widget = forms.HiddenInput()
        self.checklist = checklist
        self.items = list(checklist.items.all())
        self.shown_checklist = in_active_language(checklist)
        self._show_items_in(self.shown_checklist)
        for item in self.items:
            self.fields[f"rating_{item.pk}"] = forms.TypedChoiceField(
                label=item.text,
                choices=RATING_CHOICES,
                coerce=int,
                empty_value=None,
                required=False,
                initial=NOT_OBSERVED,
                widget=forms.RadioSelect(attrs={"class": "certification-rating"}),
            )
            self.fields[f"comment_{item.pk}"] = forms.CharField(
                label=_("Comment on “%(item)s”") % {"item": item.text},
                required=False,
                max_length=500,
                widget=forms.TextInput(attrs={"placeholder": _("Comment (optional)")}),
            )

    def _show_items_in(self, shown) -> None:
        """Word the items as the checklist's translation in the observer's
        language does, item for item; the ratings stay on the original's items."""
        if shown.pk == self.checklist.pk:
            return
        translated = list(shown.items.all())
        if len(translated) != len(self.items):
            return
        for item, words in zip(self.items, translated, strict=True):
            item.group, item.text = words.group, words.text

    def groups(self):
        """The checklist's items in their groups, each with its two fields."""
        grouped = {}
        for item in self.items:
            rows = grouped.setdefault(item.group, [])
            rows.append(
                {
                    "item": item,
                    "rating": self[f"rating_{item.pk}"],
                    "comment": self[f"comment_{item.pk}"],
                }
            )
        return list(grouped.items())

    def clean_observed_on(self):
        observed_on = self.cleaned_data["observed_on"]
        if observed_on > timezone.localdate():
            raise forms.ValidationError(NOT_IN_FUTURE, code="future")
        return observed_on

    def ratings(self) -> dict[int, tuple[int | None, str]]:
        return {
            item.pk: (
                self.cleaned_data[f"rating_{item.pk}"],
                self.cleaned_data[f"comment_{item.pk}"],
            )
            for item in self.items
        }


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": REASON_REQUIRED},
        help_text=_(
            "Kept in the record's history for HR and managers; never shown on the "
            "public verification page."
        ),
    )


class ExtraAttemptsForm(ReasonForm):
    """How many more attempts a learner gets at a quiz, and why."""

    extra = forms.IntegerField(
        label=_("Extra attempts"),
        initial=1,
        widget=forms.NumberInput(attrs={"min": 1, "max": MAX_EXTRA_ATTEMPTS}),
    )

    field_order = ["extra", "reason"]

    def clean_extra(self):
        extra = self.cleaned_data["extra"]
        if not 1 <= extra <= MAX_EXTRA_ATTEMPTS:
            raise forms.ValidationError(
                EXTRA_OUT_OF_RANGE,
                code="extra_range",
                params={"max": MAX_EXTRA_ATTEMPTS},
            )
        return extra


class CourseRequirementsForm(WagtailAdminModelForm):
    """One set of rules per course, for a course the editor may change."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        course = self.fields.get("course")
        if course is None:
            return
        if self.instance.pk:
            course.disabled = True
        elif self.for_user is not None:
            editable = PagePermissionPolicy().instances_user_has_permission_for(
                self.for_user, "change"
            )
            course.queryset = CoursePage.objects.filter(
                original_language(), pk__in=editable.values("pk")
            ).order_by("title")

    def clean_reminder_days(self):
        text = self.cleaned_data["reminder_days"]
        parts = [part.strip() for part in text.split(",") if part.strip()]
        if not parts or not all(part.isdigit() and int(part) > 0 for part in parts):
            raise forms.ValidationError(REMINDER_DAYS_INVALID, code="invalid_days")
        days = sorted({int(part) for part in parts}, reverse=True)
        return ",".join(str(day) for day in days)

    class Meta:
        model = CourseRequirements
        fields = [
            "course",
            "module_quizzes",
            "observation_required",
            "checklist",
            "deadline_days",
            "reminder_days",
        ]
