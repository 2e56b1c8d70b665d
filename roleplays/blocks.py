"""The blocks of a role-play's steps: customer steps, narration and endings."""

from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from courses.blocks import clauses_block
from roleplays.scenario.graph import KEY_PATTERN, MAX_REPLIES, MIN_REPLIES

TEMPLATE = "roleplays/blocks/step.html"
KEY_HELP = _(
    "A short name other steps link to: letters, digits, - and _, e.g. 'greeting'."
)
REPLY_KEY_HELP = _(
    "Unique within this step, e.g. 'apologise'. Learners' browsers see it: "
    "don't put the quality of the reply in it ('best', 'wrong')."
)
NEXT_HELP = _("The key of the step that follows.")
OUTCOME_CHOICES = [
    ("resolved", _("Resolved: customer won back")),
    ("escalated", _("Escalated: handed on, neutral")),
    ("customer_lost", _("Customer lost")),
]


def key_block(help_text=KEY_HELP, **kwargs):
    return blocks.CharBlock(
        max_length=50,
        help_text=help_text,
        validators=[RegexValidator(KEY_PATTERN, _("Use letters, digits, - and _."))],
        **kwargs,
    )


class ReplyBlock(blocks.StructBlock):
    key = key_block(REPLY_KEY_HELP)
    text = blocks.TextBlock(label=_("What the employee says"))
    score = blocks.IntegerBlock(
        default=0,
        help_text=_("Points for this reply; negative for a poor one."),
    )
    feedback = blocks.TextBlock(
        required=False, help_text=_("Why this reply is good or poor.")
    )
    mood_change = blocks.IntegerBlock(
        default=0,
        min_value=-10,
        max_value=10,
        help_text=_("How the customer's mood moves (scale -5 to +5)."),
    )
    clauses = clauses_block()
    critical = blocks.BooleanBlock(
        required=False,
        help_text=_("Fails the role-play whatever the score (e.g. a policy breach)."),
    )
    next = key_block(NEXT_HELP, label=_("Next step"))

    class Meta:
        icon = "comment"
        label = _("Reply")
        form_classname = "roleplay-reply-block"


class CustomerStepBlock(blocks.StructBlock):
    key = key_block()
    line = blocks.TextBlock(label=_("The customer says"))
    replies = blocks.ListBlock(
        ReplyBlock(),
        min_num=MIN_REPLIES,
        max_num=MAX_REPLIES,
        label=_("Replies the employee can choose"),
    )

    class Meta:
        icon = "user"
        template = TEMPLATE
        label = _("Customer step")
        description = _("The customer speaks; the learner picks one of 2-4 replies.")
        preview_value = {
            "key": "greeting",
            "line": "I ordered a sofa three weeks ago and nobody tells me anything!",
            "replies": [
                {"key": "apologise", "text": "I'm sorry. Let me look it up now."},
                {"key": "deflect", "text": "Deliveries are not my department."},
            ],
        }


class NarrationBlock(blocks.StructBlock):
    key = key_block()
    text = blocks.TextBlock(help_text=_("What happens, e.g. 'You check the system.'"))
    next = key_block(NEXT_HELP, label=_("Next step"))

    class Meta:
        icon = "pilcrow"
        template = TEMPLATE
        label = _("Narration")
        description = _("A line of scene-setting between customer steps.")
        preview_value = {
            "key": "lookup",
            "text": "You open the order. It is stuck at the warehouse.",
            "next": "explain",
        }


class EndingBlock(blocks.StructBlock):
    key = key_block()
    outcome = blocks.ChoiceBlock(choices=OUTCOME_CHOICES, default="resolved")
    counts_as_pass = blocks.BooleanBlock(
        required=False,
        default=True,
        help_text=_("Reaching this ending can pass the role-play."),
    )
    debrief = blocks.TextBlock(
        required=False, help_text=_("Shown at the end: what happened and why.")
    )

    class Meta:
        icon = "flag"
        template = TEMPLATE
        label = _("Ending")
        description = _("How the dialogue ends, with a debrief for the learner.")
        preview_value = {
            "key": "won-back",
            "outcome": "resolved",
            "counts_as_pass": True,
            "debrief": "The customer thanks you: the delivery is booked for Friday.",
        }


class RolePlayStepsBlock(blocks.StreamBlock):
    customer_step = CustomerStepBlock()
    narration = NarrationBlock()
    ending = EndingBlock()
