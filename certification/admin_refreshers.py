"""Material changes in the admin: a trainer records that a course changed on
some clauses (after a preview of who gets a refresher); HR and trainers see
who is affected, who has done the refresher and who is overdue."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.translation import get_language_info, ngettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin import messages
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.views import generic
from wagtail.admin.widgets import AdminDateInput

from certification import refreshers
from certification.admin_assignments import PreviewFirstMixin, assignable_courses
from certification.dates import show_day
from certification.models import MaterialChange, Refresher, RefresherStatus
from courses.models import Clause, show_clauses_in_language
from people.languages import original_language, original_language_code

QUESTIONS_MAX = 20


def other_languages() -> list[str]:
    """The site's languages besides the one its content is written in."""
    original = original_language_code()
    return [code for code, _name in settings.LANGUAGES if code != original]


class MaterialChangeForm(WagtailAdminModelForm):
    """The course, the clauses that changed, why, and the refresher's due date."""

    questions = forms.IntegerField(
        label=_("Questions in the refresher quiz"),
        min_value=1,
        max_value=QUESTIONS_MAX,
        initial=refreshers.DEFAULT_QUESTIONS,
    )

    class Meta:
        model = MaterialChange
        fields = ["course", "clauses", "reason", "due_on"]
        widgets = {
            "clauses": forms.CheckboxSelectMultiple,
            "due_on": AdminDateInput,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = assignable_courses()
        clauses = Clause.objects.filter(original_language()).order_by("code")
        self.fields["clauses"].queryset = clauses
        # Named in the reader's language (the originals are what is recorded).
        shown = {clause.pk: str(clause) for clause in show_clauses_in_language(clauses)}
        self.fields["clauses"].label_from_instance = lambda clause: shown.get(
            clause.pk, str(clause)
        )
        self.fields["reason"].help_text = _(
            "One sentence the learners read, e.g. 'Complaints are now answered "
            "within 12 hours, not 24.'"
        )
        for code in other_languages():
            self.fields[f"reason_{code}"] = forms.CharField(
                label=_("What changed, in %(language)s")
                % {"language": get_language_info(code)["name_translated"]},
                help_text=_(
                    "For learners who read this language; they see the sentence "
                    "above where this is left empty."
                ),
                max_length=MaterialChange._meta.get_field("reason").max_length,
                required=False,
                initial=self.instance.reason_translations.get(code, ""),
            )
        self.order_fields(["course", "clauses", "reason", *self.translated_reasons])

    @property
    def translated_reasons(self) -> list[str]:
        return [f"reason_{code}" for code in other_languages()]

    def reason_translations(self) -> dict:
        """The sentence in each other language the trainer gave: {code: text}."""
        data = self.cleaned_data
        texts = {
            code: data.get(f"reason_{code}", "").strip() for code in other_languages()
        }
        return {code: text for code, text in texts.items() if text}

    def clean_due_on(self):
        due_on = self.cleaned_data["due_on"]
        if due_on <= timezone.localdate():
            raise ValidationError(_("Give a day after today."), code="past")
        return due_on

    def clean(self):
        data = super().clean()
        course, clauses = data.get("course"), data.get("clauses")
        if course and clauses and not refreshers.questions_on(course, clauses):
            self.add_error(
                "clauses",
                _("No question in this course's quizzes tests these clauses."),
            )
        return data


class ChangePreview:
    """Who gets a refresher, and what it holds, before the change is recorded."""

    def __init__(self, form):
        course, clauses = form.cleaned_data["course"], form.cleaned_data["clauses"]
        self.course = course
        self.people = refreshers.affected(course).count()
        self.questions = refreshers.questions_on(course, clauses).count()
        self.quiz_questions = min(form.cleaned_data["questions"], self.questions)
        self.lessons = refreshers.lessons_on(course, clauses)

    @property
    def summary(self) -> str:
        return ngettext(
            "%(count)s person certified on “%(course)s” will get a refresher.",
            "%(count)s people certified on “%(course)s” will get a refresher.",
            self.people,
        ) % {"count": self.people, "course": self.course.title}


class MaterialChangeCreateView(PreviewFirstMixin, generic.CreateView):
    template_name = "certification/admin/material_change_create.html"

    def get_initial(self):
        """The course a republished page belongs to (the publish message's link)."""
        initial = super().get_initial()
        course = self.request.GET.get("course", "")
        if course.isdigit():
            initial["course"] = assignable_courses().filter(pk=course).first()
        ids = [c for c in self.request.GET.getlist("clause") if c.isdigit()]
        if ids:
            initial["clauses"] = list(Clause.objects.filter(pk__in=ids))
        return initial

    def make_preview(self, form):
        return ChangePreview(form)

    def confirm_label(self, preview) -> str:
        return ngettext(
            "Record the change: %(count)s refresher",
            "Record the change: %(count)s refreshers",
            preview.people,
        ) % {"count": preview.people}

    def save_instance(self):
        data = self.form.cleaned_data
        return refreshers.record_change(
            data["course"],
            clauses=data["clauses"],
            reason=data["reason"],
            reason_translations=self.form.reason_translations(),
            due_on=data["due_on"],
            questions=data["questions"],
            actor=self.request.user,
        )

    def get_edit_url(self):
        return reverse("material_changes:inspect", args=[self.object.pk])

    def get_success_url(self):
        return self.get_edit_url()

    def get_success_message(self, instance):
        return _("Material change recorded: refreshers are due by %(day)s.") % {
            "day": show_day(instance.due_on)
        }


def _counted(queryset):
    def count(status):
        return Count("refreshers", filter=Q(refreshers__status=status))

    today = timezone.localdate()
    late = Q(refreshers__status=RefresherStatus.PENDING, due_on__lt=today)
    waiting = Q(refreshers__status=RefresherStatus.PENDING, due_on__gte=today)
    return queryset.annotate(
        affected=Count("refreshers"),
        done=count(RefresherStatus.DONE),
        pending=Count("refreshers", filter=waiting),
        missed=count(RefresherStatus.MISSED) + Count("refreshers", filter=late),
    )


class MaterialChangeIndexView(generic.IndexView):
    def get_base_queryset(self):
        queryset = super().get_base_queryset().select_related("course", "created_by")
        return _counted(queryset)


class MaterialChangeInspectView(generic.InspectView):
    """Everyone the change reached and where their refresher stands."""

    template_name = "certification/admin/material_change_inspect.html"
    page_title = _("Material change")

    def get_object(self, queryset=None):
        return get_object_or_404(
            _counted(MaterialChange.objects.select_related("course")), pk=self.pk
        )

    def get_page_subtitle(self):
        return self.object.course.title

    @cached_property
    def refreshers(self):
        today = timezone.localdate()
        found = (
            Refresher.objects.filter(change=self.object)
            .select_related(
                "record__user__staff_profile__department",
            )
            .order_by("status", "record__user__last_name", "pk")
        )
        rows = list(found)
        for refresher in rows:
            refresher.overdue = (
                refresher.status == RefresherStatus.PENDING
                and self.object.due_on < today
            )
        return rows

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            change=self.object,
            refreshers=self.refreshers,
            clauses=self.object.clauses.order_by("code"),
            lessons=self.object.lessons.order_by("path"),
            reason_translations=[
                (get_language_info(code)["name_translated"], text)
                for code, text in sorted(self.object.reason_translations.items())
            ],
        )
        return context


def offer_to_record(request, *, course=None, clauses=()) -> None:
    """Offer, in an admin message, to record a material change (with the
    course and clauses chosen): to trainers, and only when someone certified
    on the course could need a refresher."""
    if not request.user.has_perm("certification.add_materialchange"):
        return
    if course is not None and not refreshers.affected(course).exists():
        return
    query = [("course", course.pk)] if course is not None else []
    query += [("clause", pk) for pk in clauses]
    url = reverse("material_changes:add") + "?" + urlencode(query)
    messages.info(
        request,
        _("Did this change the standard for people already certified?"),
        buttons=[messages.button(url, _("Record a material change"))],
    )


def after_publish_page(request, page):
    course = refreshers.course_of_page(page)
    if course is not None:
        offer_to_record(request, course=course)


def after_edit_clause(request, instance):
    if isinstance(instance, Clause):
        offer_to_record(request, clauses=[instance.pk])


def after_edit_quiz(request, instance):
    course, clauses = refreshers.course_and_clauses_of(instance)
    if course is not None:
        offer_to_record(request, course=course, clauses=clauses)
