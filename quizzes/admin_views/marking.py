"""Admin for trainers who mark essays: the marking queue."""

import django_filters
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import include, path, reverse
from django.utils.functional import cached_property
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.views import defaults
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.generic import BaseListingView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from quizzes import services
from quizzes.forms import MarkingForm
from quizzes.models import Answer, Attempt, Quiz

MARK_PERMISSION = "quizzes.change_attempt"

MARKED = _("Marked. %(left)s left in the queue.")
MARKED_LAST_OF_ATTEMPT = _(
    "Marked. The attempt's result is final and the learner has been told."
)
QUEUE_EMPTY = _("Marked. The queue is empty: nothing waits for marking.")
ALREADY_MARKED = _("That answer is no longer waiting for marking.")


def awaiting_marking():
    """Essays waiting for a trainer, oldest submission first."""
    return (
        Answer.objects.filter(
            needs_marking=True, attempt__status=Attempt.Status.AWAITING_MARKING
        )
        .select_related("attempt__quiz", "attempt__user")
        .order_by("attempt__submitted_at", "attempt_id", "position")
    )


def learner_name(user) -> str:
    return user.get_full_name().strip() or user.get_username()


def refuse(request):
    """A plain 403: Wagtail would turn PermissionDenied into a redirect."""
    return defaults.permission_denied(request, PermissionDenied())


class MarkingPermissionMixin:
    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(MARK_PERMISSION):
            return refuse(request)
        return super().dispatch(request, *args, **kwargs)


class MarkingFilterSet(WagtailFilterSet):
    quiz = django_filters.ModelChoiceFilter(
        label=_("Quiz"),
        field_name="attempt__quiz",
        queryset=Quiz.objects.filter(attempts__answers__needs_marking=True).distinct(),
        empty_label=_("All quizzes"),
    )

    class Meta:
        model = Answer
        fields = []


class MarkingQueueView(MarkingPermissionMixin, BaseListingView):
    """Every essay waiting for marking, oldest first, filterable by quiz."""

    template_name = "quizzes/admin/marking_queue.html"
    page_title = _("Marking queue")
    header_icon = "edit"
    index_url_name = "quiz_marking:index"
    index_results_url_name = "quiz_marking:index_results"
    filterset_class = MarkingFilterSet
    paginate_by = 50
    verbose_name = _("essay")
    verbose_name_plural = _("essays waiting for marking")

    @cached_property
    def columns(self):
        return [
            TitleColumn(
                "question",
                label=_("Question"),
                accessor=lambda a: Truncator(a.snapshot.get("text", "")).chars(70),
                url_name="quiz_marking:mark",
            ),
            Column(
                "learner",
                label=_("Learner"),
                accessor=lambda a: learner_name(a.attempt.user),
            ),
            Column(
                "quiz",
                label=_("Quiz"),
                accessor=lambda a: f"{a.attempt.quiz} (#{a.attempt.number})",
            ),
            DateColumn(
                "submitted", label=_("Submitted"), accessor="attempt.submitted_at"
            ),
        ]

    def get_base_queryset(self):
        return awaiting_marking()

    @cached_property
    def no_results_message(self):
        if self.is_filtering:
            return _("No essays of this quiz wait for marking.")
        return _("Nothing waits for marking.")


class MarkAnswerView(MarkingPermissionMixin, WagtailAdminTemplateMixin, FormView):
    """One essay: the question, the marking notes, the learner's text, the mark."""

    template_name = "quizzes/admin/marking_form.html"
    header_icon = "edit"
    form_class = MarkingForm

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        queryset = Answer.objects.select_related("attempt__quiz", "attempt__user")
        self.answer = get_object_or_404(queryset, pk=kwargs["pk"])

    def get(self, request, *args, **kwargs):
        if not self.answer.needs_marking:
            messages.warning(request, ALREADY_MARKED)
            return redirect("quiz_marking:index")
        return super().get(request, *args, **kwargs)

    def get_page_title(self):
        return _("Mark an essay")

    def get_page_subtitle(self):
        return learner_name(self.answer.attempt.user)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("quiz_marking:index"), "label": _("Marking queue")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["max_points"] = self.answer.snapshot.get("points") or 0
        return kwargs

    def form_valid(self, form):
        try:
            services.mark_answer(
                self.answer,
                marker=self.request.user,
                points=form.cleaned_data["points"],
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as error:
            field = {"points": "points", "comment": "comment"}.get(error.code)
            form.add_error(field, error)
            return self.form_invalid(form)
        following = awaiting_marking().first()
        if following is None:
            messages.success(self.request, QUEUE_EMPTY)
            return redirect("quiz_marking:index")
        attempt = Attempt.objects.get(pk=self.answer.attempt_id)
        if attempt.is_final:
            messages.success(self.request, MARKED_LAST_OF_ATTEMPT)
        else:
            left = awaiting_marking().count()
            messages.success(self.request, MARKED % {"left": left})
        return redirect("quiz_marking:mark", pk=following.pk)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        answer = self.answer
        context.update(
            {
                "answer": answer,
                "attempt": answer.attempt,
                "snapshot": answer.snapshot,
                "essay": (answer.response or {}).get("text", ""),
                "learner": learner_name(answer.attempt.user),
                "others_waiting": awaiting_marking()
                .filter(attempt_id=answer.attempt_id)
                .exclude(pk=answer.pk)
                .count(),
            }
        )
        return context


class MarkingMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(MARK_PERMISSION)


def marking_urls():
    urls = [
        path("", MarkingQueueView.as_view(), name="index"),
        path(
            "results/",
            MarkingQueueView.as_view(results_only=True),
            name="index_results",
        ),
        path("<int:pk>/", MarkAnswerView.as_view(), name="mark"),
    ]
    return [path("quizzes/marking/", include((urls, "quiz_marking")))]


def marking_menu_item():
    return MarkingMenuItem(
        _("Marking queue"),
        reverse("quiz_marking:index"),
        name="marking-queue",
        icon_name="edit",
        order=400,
    )
