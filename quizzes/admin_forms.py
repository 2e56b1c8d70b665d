"""Forms for authoring banks, questions and quizzes in the Wagtail admin.

The rules a question must follow for its kind live in ``question_errors`` so
that the bank import (``quizzes.transfer``) checks files by the same rules as
the editing form.
"""

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.forms import inlineformset_factory
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import Panel

from quizzes.check_sources import bank_items, practice_items
from quizzes.checks import Item, ItemWarning, Option, check_item, item_from_question
from quizzes.models import (
    Category,
    CategoryDraw,
    Question,
    QuestionBank,
    QuestionKind,
    Quiz,
)

# Question rules
TOO_FEW_CHOICES = _("A question of this type needs at least two choices.")
SINGLE_ONE_CORRECT = _(
    "A single-choice question needs exactly one correct choice (%(found)d marked)."
)
MULTIPLE_NEEDS_CORRECT = _(
    "A multiple-choice question needs at least one correct choice."
)
TRUE_FALSE_NEEDS_ANSWER = _("Say whether the statement is true or false.")
ORDERING_TOO_FEW = _(
    "An ordering question needs at least 3 items, listed in the correct order."
)
MATCHING_TOO_FEW = _("A matching question needs at least 2 pairs.")
MATCHING_NEEDS_MATCH = _(
    "Every pair of a matching question needs its right-hand side "
    "(“matches”); missing for: %(items)s."
)
SHORT_TEXT_NEEDS_ANSWER = _("A short-text question needs at least one accepted answer.")
NO_CHOICES = _(
    "A question of the type “%(kind)s” takes no choices; remove them "
    "(or change the type)."
)
DUPLICATE_CHOICES = _("Two choices have the same text: %(items)s.")
CATEGORY_OF_OTHER_BANK = _(
    "The category “%(category)s” belongs to another bank (%(bank)s)."
)

# Bank rules
CATEGORY_IN_USE = _(
    "The category “%(category)s” cannot be removed: the quiz “%(quiz)s” "
    "draws questions from it."
)

# Quiz rules
PASS_MARK_RANGE = _("The pass mark is a percentage from 0 to 100.")
QUESTION_COUNT_TOO_FEW = _(
    "Draw at least one question per attempt, or leave it empty for all."
)
QUESTION_COUNT_TOO_MANY = _(
    "The bank “%(bank)s” holds only %(available)d questions; "
    "an attempt cannot draw %(count)d."
)
EMPTY_BANK = _("The bank “%(bank)s” has no questions yet.")
ATTEMPT_LIMIT_TOO_FEW = _("Allow at least one attempt, or leave it empty.")
TIME_LIMIT_TOO_SHORT = _("A time limit is at least one minute, or leave it empty.")
DRAW_OTHER_BANK = _("The category “%(category)s” is not in the quiz's bank “%(bank)s”.")
DRAW_TOO_MANY = _(
    "The category “%(category)s” holds only %(available)d questions; "
    "it cannot give %(count)d."
)
DRAW_DUPLICATE = _("The category “%(category)s” is drawn from twice.")
DRAWS_EXCEED_COUNT = _(
    "The draws per category add up to %(total)d questions, more than the "
    "%(count)d questions per attempt."
)

CHOICE_KINDS = {
    QuestionKind.SINGLE,
    QuestionKind.MULTIPLE,
    QuestionKind.ORDERING,
    QuestionKind.MATCHING,
}
ANSWER_IS_TRUE_CHOICES = [
    ("", _("Not a true/false question")),
    ("True", _("True")),
    ("False", _("False")),
]


@dataclass(frozen=True)
class ChoiceValues:
    """One choice as the rules see it, from a form row or an imported file."""

    text: str
    is_correct: bool = False
    match: str = ""
    feedback: str = ""


def _error(message, code: str, **params) -> ValidationError:
    return ValidationError(message, code=code, params=params or None)


def _quoted(texts) -> str:
    return ", ".join(f"“{text}”" for text in texts)


def question_errors(
    *,
    kind: str,
    answer_is_true: bool | None,
    accepted_answers: Sequence[str],
    choices: Sequence[ChoiceValues],
) -> list[tuple[str | None, ValidationError]]:
    """What is wrong with a question for its kind, as (field name or None, error)."""
    errors: list[tuple[str | None, ValidationError]] = []
    if kind not in CHOICE_KINDS:
        if choices:
            label = QuestionKind(kind).label if kind in QuestionKind.values else kind
            errors.append((None, _error(NO_CHOICES, "no_choices", kind=label)))
        if kind == QuestionKind.TRUE_FALSE and answer_is_true is None:
            errors.append(
                ("answer_is_true", _error(TRUE_FALSE_NEEDS_ANSWER, "true_false"))
            )
        if kind == QuestionKind.SHORT_TEXT and not any(
            answer.strip() for answer in accepted_answers
        ):
            errors.append(
                (
                    "accepted_answers",
                    _error(SHORT_TEXT_NEEDS_ANSWER, "no_accepted_answer"),
                )
            )
        return errors

    correct = sum(choice.is_correct for choice in choices)
    if kind == QuestionKind.SINGLE:
        if len(choices) < 2:
            errors.append((None, _error(TOO_FEW_CHOICES, "too_few_choices")))
        if correct != 1:
            errors.append(
                (None, _error(SINGLE_ONE_CORRECT, "single_one_correct", found=correct))
            )
    elif kind == QuestionKind.MULTIPLE:
        if len(choices) < 2:
            errors.append((None, _error(TOO_FEW_CHOICES, "too_few_choices")))
        if correct < 1:
            errors.append((None, _error(MULTIPLE_NEEDS_CORRECT, "multiple_correct")))
    elif kind == QuestionKind.ORDERING:
        if len(choices) < 3:
            errors.append((None, _error(ORDERING_TOO_FEW, "ordering_too_few")))
    elif kind == QuestionKind.MATCHING:
        if len(choices) < 2:
            errors.append((None, _error(MATCHING_TOO_FEW, "matching_too_few")))
        unmatched = [choice.text for choice in choices if not choice.match.strip()]
        if unmatched:
            errors.append(
                (
                    None,
                    _error(
                        MATCHING_NEEDS_MATCH,
                        "matching_no_match",
                        items=_quoted(unmatched),
                    ),
                )
            )
    texts = Counter(" ".join(choice.text.split()).casefold() for choice in choices)
    repeated = [text for text, times in texts.items() if times > 1]
    if repeated:
        errors.append(
            (
                None,
                _error(DUPLICATE_CHOICES, "duplicate_choices", items=_quoted(repeated)),
            )
        )
    return errors


def _live_forms(formset) -> list[forms.Form]:
    """The formset's rows that are kept: not deleted and not left empty."""
    deleted = set(formset.deleted_forms) if formset.can_delete else set()
    return [
        form
        for form in formset.forms
        if form not in deleted
        and (form.instance.pk or form.has_changed())
        and hasattr(form, "cleaned_data")
    ]


def _ordered_live_forms(formset) -> list[forms.Form]:
    live = _live_forms(formset)
    if not formset.can_order:
        return live
    position = {form: index for index, form in enumerate(formset.ordered_forms)}
    return sorted(live, key=lambda form: position.get(form, len(position)))


def category_label(category: Category) -> str:
    return f"{category.bank.name} › {category.name}"


def _with_category_labels(form_class, queryset):
    """A subclass of ``form_class`` whose category menu names each category's bank."""

    class LabelledCategoryForm(form_class):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            field = self.fields["category"]
            field.queryset = queryset
            field.label_from_instance = category_label

    return LabelledCategoryForm


class CategoryForm(WagtailAdminModelForm):
    class Meta:
        model = Category
        fields = ["name"]


CategoryFormSet = inlineformset_factory(
    QuestionBank, Category, form=CategoryForm, extra=0, can_delete=True
)


class QuestionBankForm(WagtailAdminModelForm):
    """A bank with its categories edited inline.

    Categories point at their bank with a plain foreign key, so their rows are a
    Django inline formset, shown by the same InlinePanel as modelcluster rows.
    """

    class Meta:
        model = QuestionBank
        fields = ["name", "description"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        prefix = f"{self.prefix}-categories" if self.prefix else "categories"
        self.formsets["categories"] = CategoryFormSet(
            self.data if self.is_bound else None,
            self.files if self.is_bound else None,
            instance=self.instance,
            prefix=prefix,
        )

    def clean(self):
        cleaned_data = super().clean()
        formset = self.formsets["categories"]
        if not formset.is_valid():
            return cleaned_data
        removed = {
            form.instance.pk: form for form in formset.deleted_forms if form.instance.pk
        }
        draws = (
            CategoryDraw.objects.filter(category__in=list(removed))
            .select_related("category", "quiz")
            .order_by("category__name", "quiz__title")
        )
        for draw in draws:
            self.add_error(
                None,
                _error(
                    CATEGORY_IN_USE,
                    "category_in_use",
                    category=draw.category.name,
                    quiz=draw.quiz.title,
                ),
            )
            # Show the row again, so the author sees what was kept.
            form = removed[draw.category_id]
            form.data = form.data.copy()
            form.data[form.add_prefix("DELETE")] = ""
        return cleaned_data

    @transaction.atomic
    def save(self, commit=True):
        bank = super().save(commit=commit)
        if commit:
            # ClusterForm saves its formsets with commit=False and leaves the
            # writes to the cluster; these rows are plain models, so write them.
            formset = self.formsets["categories"]
            formset.instance = bank
            formset.save()
        return bank


class QuestionForm(WagtailAdminModelForm):
    """A question with its choices; the item checks warn but never block a save."""

    checked_item: Item | None = None

    answer_is_true = forms.NullBooleanField(
        label=_("The statement is"),
        required=False,
        widget=forms.RadioSelect(choices=ANSWER_IS_TRUE_CHOICES),
        help_text=_("True or false only."),
    )

    class Meta:
        model = Question
        fields = [
            "bank",
            "category",
            "kind",
            "text",
            "points",
            "partial_credit",
            "answer_is_true",
            "accepted_answers",
            "explanation",
            "clauses",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "category" in self.fields:
            field = self.fields["category"]
            field.queryset = Category.objects.select_related("bank")
            field.label_from_instance = category_label

    def clean(self):
        cleaned_data = super().clean()
        bank, category = cleaned_data.get("bank"), cleaned_data.get("category")
        if bank and category and category.bank_id != bank.pk:
            self.add_error(
                "category",
                _error(
                    CATEGORY_OF_OTHER_BANK,
                    "category_of_other_bank",
                    category=category.name,
                    bank=category.bank.name,
                ),
            )
        kind = cleaned_data.get("kind")
        formset = self.formsets.get("choices")
        if not kind or formset is None or not formset.is_valid():
            return cleaned_data
        choices = [
            ChoiceValues(
                text=form.cleaned_data.get("text", ""),
                is_correct=bool(form.cleaned_data.get("is_correct")),
                match=form.cleaned_data.get("match", ""),
                feedback=form.cleaned_data.get("feedback", ""),
            )
            for form in _ordered_live_forms(formset)
        ]
        accepted = (cleaned_data.get("accepted_answers") or "").splitlines()
        self.checked_item = Item(
            kind=kind,
            text=cleaned_data.get("text") or "",
            options=tuple(Option(c.text, c.is_correct) for c in choices),
            answer_is_true=cleaned_data.get("answer_is_true"),
            accepted_answers=tuple(a.strip() for a in accepted if a.strip()),
            key=self.instance.pk,
            language=self.checked_language(cleaned_data.get("bank")),
        )
        for field, error in question_errors(
            kind=kind,
            answer_is_true=cleaned_data.get("answer_is_true"),
            accepted_answers=accepted,
            choices=choices,
        ):
            if field in self.fields:
                self.add_error(field, error)
            else:
                self.add_error(None, error)
        return cleaned_data

    def checked_language(self, bank) -> str | None:
        """The question's language (its bank's for a new one), for the checks."""
        if self.instance.locale_id:
            return self.instance.locale.language_code
        return bank.locale.language_code if bank is not None else None

    @cached_property
    def item_warnings(self) -> list[ItemWarning] | None:
        """The checks' warnings for the question as sent, or as saved; else None."""
        item = self.checked_item
        if item is None and self.instance.pk and not self.is_bound:
            item = item_from_question(self.instance)
        if item is None:
            return None
        # Saved since it was cleaned: a new question now has its id.
        item = replace(item, key=self.instance.pk)
        bank = self.cleaned_data.get("bank") if self.is_bound else None
        bank_id = bank.pk if bank else self.instance.bank_id
        others = bank_items(bank_id) if bank_id else []
        return check_item(item, others, practice_items())


ITEM_CHECKS_HELP = _(
    "Checked on every save. These are warnings, not errors: the question saves "
    "either way. They point at what lets a learner guess the answer without "
    "knowing the standard."
)


class ItemCheckPanel(Panel):
    """The item checks' warnings for the question being edited."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "quizzes/admin/item_check_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            warnings = getattr(self.form, "item_warnings", None)
            context.update(
                checked=warnings is not None,
                warnings=[str(warning) for warning in warnings or []],
                help=ITEM_CHECKS_HELP,
            )
            return context


class QuizForm(WagtailAdminModelForm):
    pass_mark = forms.IntegerField(
        label=_("Pass mark (%)"),
        initial=80,
        help_text=_("The percentage of the points needed to pass, 0 to 100."),
    )

    class Meta:
        model = Quiz
        fields = [
            "title",
            "introduction",
            "bank",
            "mode",
            "question_count",
            "random_order",
            "shuffle_choices",
            "one_question_per_page",
            "pass_mark",
            "attempt_limit",
            "cooldown_minutes",
            "time_limit_minutes",
            "feedback",
            "grading",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        formset = self.formsets.get("category_draws")
        if formset is not None:
            categories = Category.objects.select_related("bank")
            if self.instance.bank_id:
                categories = categories.filter(bank_id=self.instance.bank_id)
            formset.form = _with_category_labels(formset.form, categories)

    def clean_pass_mark(self):
        pass_mark = self.cleaned_data["pass_mark"]
        if not 0 <= pass_mark <= 100:
            raise _error(PASS_MARK_RANGE, "pass_mark_range")
        return pass_mark

    def clean_question_count(self):
        count = self.cleaned_data.get("question_count")
        if count is not None and count < 1:
            raise _error(QUESTION_COUNT_TOO_FEW, "question_count_too_few")
        return count

    def clean_attempt_limit(self):
        limit = self.cleaned_data.get("attempt_limit")
        if limit is not None and limit < 1:
            raise _error(ATTEMPT_LIMIT_TOO_FEW, "attempt_limit_too_few")
        return limit

    def clean_time_limit_minutes(self):
        minutes = self.cleaned_data.get("time_limit_minutes")
        if minutes is not None and minutes < 1:
            raise _error(TIME_LIMIT_TOO_SHORT, "time_limit_too_short")
        return minutes

    def clean(self):
        cleaned_data = super().clean()
        bank = cleaned_data.get("bank")
        if bank is None:
            return cleaned_data
        available = bank.questions.count()
        if not available:
            self.add_error("bank", _error(EMPTY_BANK, "empty_bank", bank=bank.name))
            return cleaned_data
        count = cleaned_data.get("question_count")
        if count is not None and count > available:
            self.add_error(
                "question_count",
                _error(
                    QUESTION_COUNT_TOO_MANY,
                    "question_count_too_many",
                    bank=bank.name,
                    available=available,
                    count=count,
                ),
            )
        self._clean_draws(bank, count)
        return cleaned_data

    def _clean_draws(self, bank: QuestionBank, count: int | None) -> None:
        formset = self.formsets.get("category_draws")
        if formset is None or not formset.is_valid():
            return
        draws = [
            (form.cleaned_data["category"], form.cleaned_data["count"])
            for form in _live_forms(formset)
            if form.cleaned_data.get("category") and form.cleaned_data.get("count")
        ]
        held = dict(
            Category.objects.filter(pk__in=[category.pk for category, _n in draws])
            .annotate(held=Count("questions"))
            .values_list("pk", "held")
        )
        seen = set()
        for category, wanted in draws:
            if category.pk in seen:
                self.add_error(
                    None,
                    _error(DRAW_DUPLICATE, "draw_duplicate", category=category.name),
                )
                continue
            seen.add(category.pk)
            if category.bank_id != bank.pk:
                self.add_error(
                    None,
                    _error(
                        DRAW_OTHER_BANK,
                        "draw_other_bank",
                        category=category.name,
                        bank=bank.name,
                    ),
                )
            elif wanted > held.get(category.pk, 0):
                self.add_error(
                    None,
                    _error(
                        DRAW_TOO_MANY,
                        "draw_too_many",
                        category=category.name,
                        available=held.get(category.pk, 0),
                        count=wanted,
                    ),
                )
        total = sum(wanted for _category, wanted in draws)
        if count is not None and total > count:
            self.add_error(
                None,
                _error(
                    DRAWS_EXCEED_COUNT, "draws_exceed_count", total=total, count=count
                ),
            )


# Import of a bank

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
FILE_TOO_BIG = _("The file is larger than %(megabytes)d MB.")


class BankImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV or JSON file"),
        help_text=_(
            "A file exported from a question bank here, or a UTF-8 CSV with the "
            "columns described below."
        ),
    )

    def clean_file(self):
        file = self.cleaned_data["file"]
        if file.size > MAX_UPLOAD_BYTES:
            raise _error(
                FILE_TOO_BIG, "too_big", megabytes=MAX_UPLOAD_BYTES // (1024 * 1024)
            )
        return file


class BankImportConfirmForm(forms.Form):
    """Applies the previewed file, which waits in the session under ``token``."""

    token = forms.CharField(widget=forms.HiddenInput)
