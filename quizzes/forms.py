"""Forms of the quiz engine: one question as the learner answers it, and marking.

An answer form is built from the question's snapshot and shows only what the
learner may see: the question, the choices' text and the right-hand options
of a matching question, never which of them are right.
"""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.utils.translation import gettext_lazy as _

from quizzes import services
from quizzes.models import Answer, QuestionKind

TRUE_FALSE_CHOICES = [("true", _("True")), ("false", _("False"))]


class AnswerForm(forms.Form):
    """One question of an attempt; ``response`` holds the agreed response format.

    Field names are prefixed with ``q<position>-`` so that a page with every
    question posts them side by side. Choices, ordering items and matching
    options are named by where they are shown, never by their database ids:
    ids follow the order the author typed them in, which is the right order
    of an ordering question and pairs each matching item with its answer.
    """

    def __init__(self, data=None, *, answer: Answer, practice=False, **kwargs):
        self.answer = answer
        self.snapshot = answer.snapshot
        self.kind = self.snapshot.get("kind")
        self.practice = practice
        self.choices = list(self.snapshot.get("choices") or [])
        self.options = list(self.snapshot.get("right_options") or [])
        kwargs.setdefault("prefix", f"q{answer.position}")
        kwargs.setdefault("initial", self._initial())
        super().__init__(data, **kwargs)
        self._add_fields()

    # Fields ------------------------------------------------------------------

    def _add_fields(self):
        kind = self.kind
        shown = [(index, c["text"]) for index, c in enumerate(self.choices)]
        invalid = {"invalid_choice": services.UNKNOWN_CHOICE}
        if kind == QuestionKind.SINGLE:
            self.fields["choice"] = forms.TypedChoiceField(
                label=_("Your answer"),
                choices=shown,
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect,
                error_messages=invalid,
            )
        elif kind == QuestionKind.MULTIPLE:
            self.fields["choices"] = forms.TypedMultipleChoiceField(
                label=_("Your answer"),
                choices=shown,
                coerce=int,
                required=False,
                widget=forms.CheckboxSelectMultiple,
                error_messages=invalid,
            )
        elif kind == QuestionKind.TRUE_FALSE:
            self.fields["value"] = forms.TypedChoiceField(
                label=_("Your answer"),
                choices=TRUE_FALSE_CHOICES,
                coerce=lambda value: value == "true",
                empty_value=None,
                required=False,
                widget=forms.RadioSelect,
                error_messages=invalid,
            )
        elif kind == QuestionKind.ORDERING:
            places = [("", "–")] + [(n, n) for n in range(1, len(self.choices) + 1)]
            for index, choice in enumerate(self.choices):
                self.fields[f"rank_{index}"] = forms.TypedChoiceField(
                    label=_("Place of “%(item)s”") % {"item": choice["text"]},
                    choices=places,
                    coerce=int,
                    empty_value=None,
                    required=False,
                    error_messages={"invalid_choice": services.ORDER_INCOMPLETE},
                )
        elif kind == QuestionKind.MATCHING:
            options = [("", _("Choose…"))] + [
                (index, option["text"]) for index, option in enumerate(self.options)
            ]
            for index, choice in enumerate(self.choices):
                self.fields[f"match_{index}"] = forms.TypedChoiceField(
                    label=choice["text"],
                    choices=options,
                    coerce=int,
                    empty_value=None,
                    required=False,
                    error_messages=invalid,
                )
        elif kind in (QuestionKind.SHORT_TEXT, QuestionKind.ESSAY):
            essay = kind == QuestionKind.ESSAY
            limit = services.MAX_ESSAY_TEXT if essay else services.MAX_SHORT_TEXT
            self.fields["text"] = forms.CharField(
                label=_("Your answer"),
                max_length=limit,
                required=False,
                strip=False,
                widget=(
                    forms.Textarea(attrs={"rows": 8})
                    if essay
                    else forms.TextInput(attrs={"autocomplete": "off"})
                ),
                error_messages={
                    "max_length": services.TEXT_TOO_LONG % {"limit": limit}
                },
            )
        if self.practice:
            self.fields["confidence"] = forms.TypedChoiceField(
                label=_("How sure are you?"),
                choices=Answer.Confidence.choices,
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect,
                error_messages={"invalid_choice": services.BAD_CONFIDENCE},
            )

    def _initial(self) -> dict:
        """The saved response, in the form's terms (places on the page)."""
        response = self.answer.response or {}
        choice_at = {c["id"]: index for index, c in enumerate(self.choices)}
        option_at = {o["id"]: index for index, o in enumerate(self.options)}
        initial: dict = {"confidence": self.answer.confidence}
        if response.get("choice") in choice_at:
            initial["choice"] = choice_at[response["choice"]]
        if "choices" in response:
            initial["choices"] = [
                choice_at[i] for i in response["choices"] if i in choice_at
            ]
        if "value" in response:
            initial["value"] = "true" if response["value"] else "false"
        for place, item in enumerate(response.get("order") or [], start=1):
            if item in choice_at:
                initial[f"rank_{choice_at[item]}"] = place
        for left, right in (response.get("pairs") or {}).items():
            if _int(left) in choice_at and right in option_at:
                initial[f"match_{choice_at[_int(left)]}"] = option_at[right]
        if "text" in response:
            initial["text"] = response["text"]
        return initial

    # Cleaning ----------------------------------------------------------------

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        try:
            raw = self._raw_response(cleaned)
            cleaned["response"] = services.validate_response(self.snapshot, raw)
        except ValidationError as error:
            self.add_error(None, error)
        return cleaned

    def _raw_response(self, cleaned):
        """The posted answer in the agreed format, with the choices' ids."""
        kind, choices, options = self.kind, self.choices, self.options
        if kind == QuestionKind.SINGLE:
            picked = cleaned.get("choice")
            return {"choice": None if picked is None else choices[picked]["id"]}
        if kind == QuestionKind.MULTIPLE:
            getlist = getattr(self.data, "getlist", None)
            posted = getlist(self.add_prefix("choices")) if getlist else []
            if len(set(posted)) != len(posted):
                raise ValidationError(services.DUPLICATE_CHOICE, code="duplicate")
            return {"choices": [choices[i]["id"] for i in cleaned.get("choices") or []]}
        if kind == QuestionKind.TRUE_FALSE:
            return {"value": cleaned.get("value")}
        if kind == QuestionKind.ORDERING:
            ranks = {
                choice["id"]: cleaned.get(f"rank_{index}")
                for index, choice in enumerate(choices)
            }
            given = [rank for rank in ranks.values() if rank is not None]
            if not given:
                return {"order": []}
            if len(given) != len(ranks) or len(set(given)) != len(given):
                raise ValidationError(services.ORDER_INCOMPLETE, code="order")
            return {"order": sorted(ranks, key=ranks.__getitem__)}
        if kind == QuestionKind.MATCHING:
            pairs = {}
            for index, choice in enumerate(choices):
                picked = cleaned.get(f"match_{index}")
                if picked is not None:
                    pairs[str(choice["id"])] = options[picked]["id"]
            return {"pairs": pairs}
        return {"text": cleaned.get("text") or ""}

    @property
    def response(self):
        return self.cleaned_data.get("response")

    @property
    def confidence(self):
        return self.cleaned_data.get("confidence")

    # Display -----------------------------------------------------------------

    @property
    def main_field(self):
        """The one field of a question answered with a single widget."""
        name = {
            QuestionKind.SINGLE: "choice",
            QuestionKind.MULTIPLE: "choices",
            QuestionKind.TRUE_FALSE: "value",
        }.get(self.kind, "text")
        return self[name] if name in self.fields else None

    def ordering_items(self):
        """Ordering items in the learner's current order, each with its place field."""
        at = {c["id"]: index for index, c in enumerate(self.choices)}
        order = (self.answer.response or {}).get("order") or list(at)
        return [(self.choices[at[i]], self[f"rank_{at[i]}"]) for i in order if i in at]

    def matching_rows(self):
        """Left-hand items, each with its select of right-hand options."""
        return [
            (choice, self[f"match_{index}"])
            for index, choice in enumerate(self.choices)
        ]


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class MarkingForm(forms.Form):
    """A trainer's score and comment for one essay."""

    points = forms.DecimalField(
        label=_("Points"), min_value=Decimal(0), decimal_places=2, max_digits=6
    )
    comment = forms.CharField(
        label=_("Comment for the learner"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("The learner sees this with their score."),
    )

    def __init__(self, *args, max_points, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["points"]
        field.max_value = Decimal(max_points)
        field.validators.append(MaxValueValidator(Decimal(max_points)))
        field.widget.attrs.update({"max": max_points, "min": 0, "step": "any"})
        field.help_text = _("From 0 to %(max)s.") % {"max": max_points}
