"""The lesson StreamField: one shared block library for every lesson page."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock
from wagtail.snippets.blocks import SnippetChooserBlock

from courses.practice import practice_for

TEMPLATES = "courses/blocks/"
PRACTICE_NEEDS_A_CORRECT_CHOICE = _("Mark at least one choice as correct.")
PRACTICE_NEEDS_TWO_CHOICES = _("Give at least two choices.")


def clauses_block():
    """The clauses of the standard a block teaches (used for per-clause reports)."""
    return blocks.ListBlock(
        SnippetChooserBlock("courses.Clause"),
        required=False,
        default=[],
        label=_("Clauses of the standard"),
        help_text=_("Which clauses this block teaches."),
        collapsed=True,
    )


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Heading"), max_length=120)

    class Meta:
        icon = "title"
        template = TEMPLATES + "heading.html"
        label = _("Heading")
        preview_value = {"text": "Answering the phone"}
        description = _("A section heading inside the lesson.")


class TextBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        features = ["bold", "italic", "link", "ol", "ul", "h3", "h4", "blockquote"]
        super().__init__(features=features, **kwargs)

    class Meta:
        icon = "pilcrow"
        template = TEMPLATES + "text.html"
        label = _("Text")
        preview_value = (
            "<p>Pick up before the <b>third ring</b>, smile, and say the company's "
            "name and your own.</p>"
        )
        description = _("Paragraphs, lists and links.")


class FigureBlock(blocks.StructBlock):
    image = ImageBlock()
    caption = blocks.CharBlock(required=False, max_length=250)

    class Meta:
        icon = "image"
        template = TEMPLATES + "figure.html"
        label = _("Image")
        preview_value = {"caption": "Keep about one arm's length from the customer."}
        description = _("An image with alt text and an optional caption.")


class VideoBlock(blocks.StructBlock):
    video = EmbedBlock(help_text=_("A link to the video (YouTube, Vimeo, ...)."))
    caption = blocks.CharBlock(required=False, max_length=250)
    transcript = blocks.TextBlock(
        required=False,
        help_text=_("A transcript for people who cannot play the video."),
    )

    class Meta:
        icon = "media"
        template = TEMPLATES + "video.html"
        label = _("Video")
        preview_value = {"caption": "A greeting, done well", "transcript": ""}
        description = _("An embedded video with a caption and transcript.")


class SpeechFormulaBlock(blocks.StructBlock):
    situation = blocks.CharBlock(
        max_length=200, help_text=_("When to use it, e.g. 'Greeting a caller'.")
    )
    say_this = blocks.ListBlock(blocks.CharBlock(max_length=300), label=_("Say this"))
    not_that = blocks.ListBlock(
        blocks.CharBlock(max_length=300),
        label=_("Not that"),
        required=False,
        default=[],
    )
    why = blocks.TextBlock(required=False, label=_("Why"))
    clauses = clauses_block()

    class Meta:
        icon = "openquote"
        template = TEMPLATES + "speech_formula.html"
        label = _("Say this / not that")
        preview_value = {
            "situation": "Greeting a caller",
            "say_this": [
                "Good morning, Brightline Home, this is Anna. How can I help?"
            ],
            "not_that": ["Yeah?", "Hello, who is it?"],
            "why": "The caller knows at once they reached the right place.",
        }
        description = _("Set phrases to use, and the words to avoid.")


class DoDontBlock(blocks.StructBlock):
    title = blocks.CharBlock(required=False, max_length=120)
    do = blocks.ListBlock(blocks.CharBlock(max_length=300), label=_("Do"))
    dont = blocks.ListBlock(blocks.CharBlock(max_length=300), label=_("Don't"))
    clauses = clauses_block()

    class Meta:
        icon = "tasks"
        template = TEMPLATES + "do_dont.html"
        label = _("Do / don't")
        preview_value = {
            "title": "At the counter",
            "do": ["Look up and greet the customer within ten seconds"],
            "dont": ["Finish a private conversation first"],
        }
        description = _("Two lists side by side: what to do and what to avoid.")


class ChecklistBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=120)
    items = blocks.ListBlock(blocks.CharBlock(max_length=300))
    clauses = clauses_block()

    class Meta:
        icon = "list-ul"
        template = TEMPLATES + "checklist.html"
        label = _("Checklist")
        preview_value = {
            "title": "Before you open the store",
            "items": ["Badge on", "Uniform clean", "Phone on silent"],
        }
        description = _("Items a learner can tick off while working.")


class KeyTakeawaysBlock(blocks.StructBlock):
    items = blocks.ListBlock(blocks.CharBlock(max_length=300))
    clauses = clauses_block()

    class Meta:
        icon = "pick"
        template = TEMPLATES + "key_takeaways.html"
        label = _("Key takeaways")
        preview_value = {"items": ["Answer every request within one hour"]}
        description = _("The few points to remember from the lesson.")


class CalloutBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        choices=[
            ("tip", _("Tip")),
            ("example", _("Example")),
            ("policy", _("Policy")),
            ("warning", _("Warning")),
        ],
        default="tip",
    )
    title = blocks.CharBlock(required=False, max_length=120)
    text = blocks.RichTextBlock(features=["bold", "italic", "link", "ul", "ol"])
    clauses = clauses_block()

    class Meta:
        icon = "help"
        template = TEMPLATES + "callout.html"
        label = _("Callout")
        preview_value = {
            "kind": "policy",
            "title": "Our promise",
            "text": "<p>Every complaint gets an answer within one hour.</p>",
        }
        description = _("A highlighted tip, example, policy or warning.")


class PracticeChoiceBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=300)
    is_correct = blocks.BooleanBlock(required=False, label=_("Correct"))
    feedback = blocks.CharBlock(
        required=False,
        max_length=300,
        help_text=_("Shown after this choice is picked."),
    )

    class Meta:
        icon = "radio-full"
        label = _("Choice")


class PracticeQuestionBlock(blocks.StructBlock):
    question = blocks.CharBlock(max_length=300)
    choices = blocks.ListBlock(PracticeChoiceBlock(), min_num=2)
    explanation = blocks.TextBlock(
        required=False, help_text=_("Shown to everyone once they have answered.")
    )
    clauses = clauses_block()

    class Meta:
        icon = "help"
        template = TEMPLATES + "practice_question.html"
        label = _("Practice question")
        form_classname = "practice-question-block"
        preview_value = {
            "question": "How soon should a complaint get its first answer?",
            "choices": [
                {"text": "Within one hour", "is_correct": True, "feedback": "Right."},
                {"text": "By the end of the week", "is_correct": False, "feedback": ""},
            ],
            "explanation": "Our standard promises an answer within one hour.",
        }
        description = _("An ungraded question answered in the page, with feedback.")

    def clean(self, value):
        value = super().clean(value)
        choices = value.get("choices") or []
        errors = {}
        if len(choices) < 2:
            errors["choices"] = forms.ValidationError(PRACTICE_NEEDS_TWO_CHOICES)
        elif not any(choice["is_correct"] for choice in choices):
            errors["choices"] = forms.ValidationError(PRACTICE_NEEDS_A_CORRECT_CHOICE)
        if errors:
            raise StructBlockValidationError(block_errors=errors)
        return value


PRACTICE_PAGE_NEEDED = _(
    "Choose a role-play (or another page of practice), not a lesson or a course."
)


class PracticeEmbedBlock(blocks.StructBlock):
    """A page of practice (a role-play, say) the learner can start from a lesson.

    Which pages count is up to the apps that register practice (see
    ``courses.practice``); each renders its own card.
    """

    roleplay = blocks.PageChooserBlock(label=_("Role-play"))
    intro = blocks.TextBlock(
        required=False,
        help_text=_("Why to try it now, e.g. 'Practise what this lesson showed.'"),
    )

    class Meta:
        icon = "comment"
        template = TEMPLATES + "practice.html"
        label = _("Role-play")
        preview_value = {"intro": "Practise the call you just read about."}
        description = _("A role-play scenario the learner can start from the lesson.")

    def clean(self, value):
        value = super().clean(value)
        page = value.get("roleplay")
        if page is not None and practice_for(page) is None:
            raise StructBlockValidationError(
                block_errors={"roleplay": forms.ValidationError(PRACTICE_PAGE_NEEDED)}
            )
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        request = (parent_context or {}).get("request")
        page = value.get("roleplay")
        practice = practice_for(page) if page is not None else None
        if practice is None:
            return context
        page = page.specific
        context.update(page=page, embed_template=practice.embed_template)
        if request is not None and practice.embed_context:
            context.update(practice.embed_context(request.user, page))
        return context


class LessonStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    text = TextBlock()
    image = FigureBlock()
    video = VideoBlock()
    speech_formula = SpeechFormulaBlock()
    do_dont = DoDontBlock()
    checklist = ChecklistBlock()
    key_takeaways = KeyTakeawaysBlock()
    callout = CalloutBlock()
    practice_question = PracticeQuestionBlock()
    roleplay = PracticeEmbedBlock()

    class Meta:
        block_counts = {}


def practice_questions(stream) -> dict:
    """The practice questions of a lesson body, by block id."""
    return {
        child.id: child.value
        for child in stream
        if child.block_type == "practice_question"
    }


def taught_clause_ids(stream) -> set[int]:
    """The ids of every clause a lesson body is tagged with, read without queries."""
    ids = set()
    for child in stream.raw_data:
        value = child.get("value")
        if not isinstance(value, dict):
            continue
        for item in value.get("clauses") or []:
            clause_id = item.get("value") if isinstance(item, dict) else item
            if clause_id:
                ids.add(int(clause_id))
    return ids
