"""Wagtail admin viewsets for authoring: question banks, questions and quizzes."""

from django import forms
from django.db.models import Count, IntegerField, OuterRef, ProtectedError, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django_filters import ModelChoiceFilter, ModelMultipleChoiceFilter
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
)
from wagtail.admin.ui.tables import Column, UpdatedAtColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import Button, HeaderButton

from quizzes.admin_forms import (
    ItemCheckPanel,
    QuestionBankForm,
    QuestionForm,
    QuizForm,
    category_label,
)
from quizzes.models import Attempt, Category, Choice, Question, QuestionBank, Quiz

# Other parts of the app (the marking queue) add items to the "Quizzes" menu.
MENU_ITEM_HOOK = "register_quizzes_menu_item"
# Called with (request, instance) after a quiz or a question is edited, so an
# app that depends on quizzes can follow up (e.g. record a change to the standard).
AFTER_EDIT_HOOK = "quizzes_after_edit"

QUIZ_HAS_ATTEMPTS = _(
    "The quiz “%(quiz)s” cannot be deleted: attempts by learners depend on it "
    "(%(count)d so far), and so do their results and certificates. Change its "
    "settings instead, or take it off its module."
)
SAVED_WITH_WARNINGS = _(
    "The question “%(question)s” has %(count)d warnings from the item checks."
)
SAVED_WITH_A_WARNING = _(
    "The question “%(question)s” has a warning from the item checks: %(warning)s"
)
BANK_HAS_QUIZZES = _(
    "The bank “%(bank)s” cannot be deleted: quizzes draw their questions from "
    "it (%(quizzes)s). Delete those quizzes or move them to another bank first."
)


def count_of(model, field: str):
    """A subquery counting the ``model`` rows whose ``field`` is the outer row."""
    rows = (
        model.objects.filter(**{field: OuterRef("pk")})
        .order_by()
        .values(field)
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def optional_url(name: str, *args) -> str | None:
    """The URL of ``name``, or None when that view is not installed."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


class ProtectedDeleteView(generic.DeleteView):
    """Refuses, with a message, to delete an object that records depend on."""

    template_name = "quizzes/admin/confirm_delete.html"

    def refusal(self) -> str | None:
        return None

    @cached_property
    def refusal_message(self):
        return self.refusal()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["refusal"] = self.refusal_message
        return context

    def post(self, request, *args, **kwargs):
        if self.refusal_message:
            return self.refuse()
        try:
            return super().post(request, *args, **kwargs)
        except ProtectedError:
            # Records arrived between the check and the delete.
            del self.refusal_message
            return self.refuse()

    def refuse(self):
        messages.error(self.request, self.refusal_message or "")
        return redirect(self.edit_url_name, self.object.pk)


# Question banks


class QuestionBankIndexView(generic.IndexView):
    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .annotate(
                category_count=count_of(Category, "bank"),
                question_count=count_of(Question, "bank"),
                quiz_count=count_of(Quiz, "bank"),
            )
        )

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        return [*buttons, *bank_buttons(instance, self.request.user, Button)]


def bank_buttons(bank, user, button_class) -> list:
    """Links to a bank's questions, and its import and export, for those allowed."""
    buttons = []
    questions_url = reverse("questions:index") + f"?bank={bank.pk}"
    if user.has_perm("quizzes.view_question"):
        buttons.append(
            button_class(
                _("Questions"), url=questions_url, icon_name="help", priority=40
            )
        )
    if user.has_perm("quizzes.view_question"):
        buttons.append(
            button_class(
                _("Item checks"),
                url=reverse("quiz_authoring:bank_checks", args=[bank.pk]),
                icon_name="warning",
                priority=45,
            )
        )
    if user.has_perm("quizzes.add_question"):
        buttons.append(
            button_class(
                _("Import questions"),
                url=reverse("quiz_authoring:import_bank", args=[bank.pk]),
                icon_name="upload",
                priority=50,
            )
        )
    if user.has_perm("quizzes.view_questionbank"):
        for label, file_format in (
            (_("Export CSV"), "csv"),
            (_("Export JSON"), "json"),
        ):
            buttons.append(
                button_class(
                    label,
                    url=reverse(
                        "quiz_authoring:export_bank", args=[bank.pk, file_format]
                    ),
                    icon_name="download",
                    priority=60,
                )
            )
    return buttons


class QuestionBankEditView(generic.EditView):
    @cached_property
    def header_buttons(self):
        buttons = [*super().header_buttons]
        if self.request.user.has_perm("quizzes.add_question"):
            url = reverse("questions:add") + f"?bank={self.object.pk}"
            buttons.append(HeaderButton(_("Add a question"), url, icon_name="plus"))
        return buttons

    @cached_property
    def header_more_buttons(self):
        return [
            *super().header_more_buttons,
            *bank_buttons(self.object, self.request.user, Button),
        ]


class QuestionBankDeleteView(ProtectedDeleteView):
    def refusal(self):
        quizzes = list(self.object.quizzes.values_list("title", flat=True)[:7])
        if not quizzes:
            return None
        shown = ", ".join(f"“{title}”" for title in quizzes[:6])
        return BANK_HAS_QUIZZES % {
            "bank": self.object.name,
            "quizzes": shown + (", …" if len(quizzes) > 6 else ""),
        }


class QuestionBankViewSet(ModelViewSet):
    model = QuestionBank
    name = "question_banks"
    url_prefix = "quizzes/banks"
    icon = "folder-open-inverse"
    menu_label = _("Question banks")
    menu_order = 100
    add_to_admin_menu = False
    copy_view_enabled = False
    index_view_class = QuestionBankIndexView
    edit_view_class = QuestionBankEditView
    delete_view_class = QuestionBankDeleteView
    search_fields = ["name", "description"]
    search_backend_name = None
    list_per_page = 50
    list_display = [
        "name",
        Column("category_count", label=_("Categories"), sort_key="category_count"),
        Column("question_count", label=_("Questions"), sort_key="question_count"),
        Column("quiz_count", label=_("Quizzes"), sort_key="quiz_count"),
        UpdatedAtColumn(),
    ]
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldPanel("description", widget=forms.Textarea(attrs={"rows": 3})),
            InlinePanel(
                "categories",
                label=_("category"),
                heading=_("Categories"),
                panels=[FieldPanel("name")],
                help_text=_(
                    "Group the bank's questions, e.g. by topic; a quiz can draw a "
                    "number of questions from each category."
                ),
            ),
        ],
        base_form_class=QuestionBankForm,
    )


# Questions


class QuestionFilterSet(WagtailFilterSet):
    bank = ModelChoiceFilter(queryset=QuestionBank.objects.all(), label=_("Bank"))
    category = ModelChoiceFilter(
        queryset=Category.objects.select_related("bank"), label=_("Category")
    )
    clauses = ModelMultipleChoiceFilter(
        queryset=Question.clauses.field.related_model.objects.all(),
        label=_("Clauses of the standard"),
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Question
        fields = ["bank", "category", "kind", "clauses"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["category"].field.label_from_instance = category_label


class ClauseCodesColumn(Column):
    """The codes of a question's clauses (prefetched by the listing)."""

    def get_value(self, instance):
        return ", ".join(clause.code for clause in instance.clauses.all()) or "—"


class QuestionIndexView(generic.IndexView):
    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .select_related("bank", "category")
            .prefetch_related("clauses")
            .annotate(choice_count=count_of(Choice, "question"))
        )

    @cached_property
    def header_buttons(self):
        buttons = super().header_buttons
        bank = self.request.GET.get("bank", "")
        if bank.isdigit() and self.add_url:
            # Add to the bank the listing is filtered by.
            buttons = [
                HeaderButton(
                    self.add_item_label,
                    url=f"{self.add_url}?bank={bank}",
                    icon_name="plus",
                )
            ]
        return buttons


class ItemWarningsMessageMixin:
    """After a save, tells the author about the item checks' warnings, if any."""

    def save_action(self):
        response = super().save_action()
        warnings = getattr(self.form, "item_warnings", None)
        if warnings and not self.expects_json_response:
            params = {"question": self.object, "count": len(warnings)}
            if len(warnings) == 1:
                message = SAVED_WITH_A_WARNING % {**params, "warning": warnings[0]}
            else:
                message = SAVED_WITH_WARNINGS % params
            url = reverse(self.edit_url_name, args=[self.object.pk])
            messages.warning(
                self.request,
                message,
                buttons=[messages.button(url, _("See the warnings"))],
            )
        return response


class AfterEditHookMixin:
    """Runs the ``AFTER_EDIT_HOOK`` hooks once the edit is saved."""

    def run_after_hook(self):
        return self.run_hook(AFTER_EDIT_HOOK, self.request, self.object)


class QuestionEditView(AfterEditHookMixin, ItemWarningsMessageMixin, generic.EditView):
    pass


class QuestionCreateView(ItemWarningsMessageMixin, generic.CreateView):
    def get_initial_form_instance(self):
        pk = self.request.GET.get("bank", "")
        bank = QuestionBank.objects.filter(pk=pk).first() if pk.isdigit() else None
        if bank is not None:
            # A question starts in its bank's language.
            return Question(bank=bank, locale_id=bank.locale_id)
        return super().get_initial_form_instance()


CHOICES_HELP = _(
    "Single and multiple choice: tick the correct choices. Ordering: list the "
    "items in the correct order; learners see them shuffled. Matching: write the "
    "left side in “text” and the right side in “matches”. True or false, short "
    "text and essay questions take no choices."
)


class QuestionViewSet(ModelViewSet):
    model = Question
    name = "questions"
    url_prefix = "quizzes/questions"
    icon = "help"
    menu_label = _("Questions")
    menu_order = 110
    add_to_admin_menu = False
    copy_view_enabled = False
    index_view_class = QuestionIndexView
    add_view_class = QuestionCreateView
    edit_view_class = QuestionEditView
    filterset_class = QuestionFilterSet
    search_fields = ["text", "explanation"]
    search_backend_name = None
    list_per_page = 50
    list_display = [
        "__str__",
        Column("kind", accessor="get_kind_display", label=_("Type"), sort_key="kind"),
        Column("bank", label=_("Bank"), sort_key="bank__name"),
        Column("category", label=_("Category"), sort_key="category__name"),
        Column("points", label=_("Points"), sort_key="points"),
        Column("choice_count", label=_("Choices"), sort_key="choice_count"),
        ClauseCodesColumn("clauses", label=_("Clauses")),
    ]
    edit_handler = ObjectList(
        [
            ItemCheckPanel(heading=_("Item checks")),
            FieldRowPanel([FieldPanel("bank"), FieldPanel("category")]),
            FieldPanel("kind"),
            FieldPanel("text", widget=forms.Textarea(attrs={"rows": 3})),
            FieldRowPanel([FieldPanel("points"), FieldPanel("partial_credit")]),
            FieldPanel("answer_is_true"),
            FieldPanel("accepted_answers", widget=forms.Textarea(attrs={"rows": 3})),
            InlinePanel(
                "choices",
                label=_("choice"),
                heading=_("Choices"),
                help_text=CHOICES_HELP,
                panels=[
                    FieldPanel("text"),
                    FieldRowPanel([FieldPanel("is_correct"), FieldPanel("match")]),
                    FieldPanel("feedback"),
                ],
            ),
            FieldPanel("explanation", widget=forms.Textarea(attrs={"rows": 3})),
            FieldPanel("clauses", widget=forms.CheckboxSelectMultiple),
        ],
        base_form_class=QuestionForm,
    )


# Quizzes


def quiz_buttons(quiz, user, button_class) -> list:
    """The learner's preview and the item analysis of ``quiz``, where allowed."""
    buttons = []
    preview_url = optional_url("quizzes:preview", quiz.pk)
    if preview_url and user.has_perm("quizzes.change_quiz"):
        buttons.append(
            button_class(
                _("Preview as a learner"),
                url=preview_url,
                icon_name="view",
                priority=40,
                attrs={"target": "_blank", "rel": "noopener"},
            )
        )
    if user.has_perm("quizzes.view_attempt"):
        buttons.append(
            button_class(
                _("Item analysis"),
                url=reverse("quiz_authoring:analysis", args=[quiz.pk]),
                icon_name="table",
                priority=50,
            )
        )
    return buttons


class QuizFilterSet(WagtailFilterSet):
    class Meta:
        model = Quiz
        fields = ["bank", "mode"]


class QuestionsPerAttemptColumn(Column):
    def get_value(self, instance):
        if instance.question_count is None:
            return _("All")
        return instance.question_count


class TimeLimitColumn(Column):
    def get_value(self, instance):
        if instance.time_limit_minutes is None:
            return "—"
        return _("%(minutes)d min") % {"minutes": instance.time_limit_minutes}


class QuizIndexView(generic.IndexView):
    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .select_related("bank")
            .annotate(attempt_count=count_of(Attempt, "quiz"))
        )

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        return [*buttons, *quiz_buttons(instance, self.request.user, Button)]


class QuizEditView(AfterEditHookMixin, generic.EditView):
    @cached_property
    def header_buttons(self):
        return [
            *super().header_buttons,
            *quiz_buttons(self.object, self.request.user, HeaderButton),
        ]


class QuizDeleteView(ProtectedDeleteView):
    def refusal(self):
        count = self.object.attempts.count()
        if not count:
            return None
        return QUIZ_HAS_ATTEMPTS % {"quiz": self.object.title, "count": count}


class QuizViewSet(ModelViewSet):
    model = Quiz
    name = "quiz_admin"
    url_prefix = "quizzes/quizzes"
    icon = "tasks"
    menu_label = _("Quizzes")
    menu_order = 90
    add_to_admin_menu = False
    copy_view_enabled = False
    index_view_class = QuizIndexView
    edit_view_class = QuizEditView
    delete_view_class = QuizDeleteView
    filterset_class = QuizFilterSet
    search_fields = ["title", "introduction"]
    search_backend_name = None
    list_per_page = 50
    list_display = [
        "title",
        Column("bank", label=_("Bank"), sort_key="bank__name"),
        Column("mode", accessor="get_mode_display", label=_("Mode"), sort_key="mode"),
        QuestionsPerAttemptColumn("question_count", label=_("Questions")),
        Column("pass_mark", label=_("Pass mark (%)"), sort_key="pass_mark"),
        TimeLimitColumn("time_limit_minutes", label=_("Time limit")),
        Column("attempt_count", label=_("Attempts"), sort_key="attempt_count"),
    ]
    edit_handler = ObjectList(
        [
            FieldPanel("title"),
            FieldPanel("introduction", widget=forms.Textarea(attrs={"rows": 3})),
            FieldRowPanel([FieldPanel("bank"), FieldPanel("mode")]),
            MultiFieldPanel(
                [
                    FieldPanel("question_count"),
                    FieldRowPanel(
                        [
                            FieldPanel("random_order"),
                            FieldPanel("shuffle_choices"),
                            FieldPanel("one_question_per_page"),
                        ]
                    ),
                ],
                heading=_("Questions"),
            ),
            InlinePanel(
                "category_draws",
                label=_("category draw"),
                heading=_("Questions per category"),
                help_text=_(
                    "Optional: draw this many questions at random from each "
                    "category of the bank. A larger number of questions per "
                    "attempt is made up from the rest of the bank."
                ),
                panels=[FieldRowPanel([FieldPanel("category"), FieldPanel("count")])],
            ),
            MultiFieldPanel(
                [
                    FieldRowPanel([FieldPanel("pass_mark"), FieldPanel("grading")]),
                    FieldRowPanel(
                        [
                            FieldPanel("attempt_limit"),
                            FieldPanel("cooldown_minutes"),
                            FieldPanel("time_limit_minutes"),
                        ]
                    ),
                    FieldPanel("feedback"),
                ],
                heading=_("Passing, attempts and feedback"),
            ),
        ],
        base_form_class=QuizForm,
    )


class QuizzesViewSetGroup(ViewSetGroup):
    """The "Quizzes" menu; other parts add items with the ``submenu_hook``."""

    menu_label = _("Quizzes")
    menu_icon = "help"
    menu_order = 260
    items = (QuizViewSet, QuestionBankViewSet, QuestionViewSet)
    submenu_hook = MENU_ITEM_HOOK
