"""The role-play editor: checks on save, and the panel that shows them to the author.

Problems that make a scenario unplayable or unfair block publishing (and
submitting for moderation); a draft can still be saved with them. Warnings never
block anything.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import Panel

from roleplays import scenario as sc
from roleplays.blocks import OUTCOME_CHOICES

CHECK_HELP = _(
    "Checked on every save. Problems marked “Must fix” stop the role-play being "
    "published or submitted for moderation (a draft can still be saved): unknown, "
    "duplicate or invalid keys, dead ends, circles, steps with fewer than 2 or "
    "more than 4 replies, no ending that can pass, and a critical reply that can "
    "still reach a passing ending. Warnings (steps nobody can reach, a pass "
    "reached with poor replies only) are for you to judge."
)
PROBLEM_MESSAGES = {
    "no_steps": _("Add the steps of the dialogue: customer steps and endings."),
    "bad_key": _(
        "The key “%(key)s” is not valid: use letters, digits, - and _ "
        "(at most 50), starting with a letter or digit."
    ),
    "duplicate_step_key": _(
        "Two steps have the key “%(step)s”: every step needs its own key."
    ),
    "duplicate_reply_key": _(
        "Step “%(step)s” has two replies with the key “%(reply)s”."
    ),
    "unknown_start": _("The start step “%(target)s” is not a step key."),
    "unknown_next": _(
        "Reply “%(reply)s” of step “%(step)s” leads to “%(target)s”, "
        "which is not a step key."
    ),
    "unknown_next_narration": _(
        "Narration “%(step)s” leads to “%(target)s”, which is not a step key."
    ),
    "missing_next": _("Reply “%(reply)s” of step “%(step)s” has no next step."),
    "reply_count": _("Customer step “%(step)s” needs 2 to 4 replies."),
    "dead_end": _(
        "Step “%(step)s” is a dead end: it leads nowhere and is not an ending."
    ),
    "bad_outcome": _("Ending “%(step)s” needs an outcome."),
    "no_ending": _("Add at least one ending."),
    "cycle": _(
        "The dialogue goes round in a circle: %(path)s. Every path must lead "
        "forward to an ending."
    ),
    "unreachable": _("Step “%(step)s” cannot be reached from the start."),
    "no_passing_ending": _(
        "No ending that counts as a pass can be reached: tick “counts as pass” "
        "on an ending the learner can get to."
    ),
    "pass_out_of_reach": _(
        "Nobody can pass: even the best path without a critical reply stays "
        "below the pass mark of %(threshold)s%%."
    ),
    "critical_reaches_pass": _(
        "Critical reply “%(reply)s” of step “%(step)s” can still lead to the "
        "passing ending “%(target)s”. Send it towards an ending that does not "
        "count as a pass."
    ),
    "poor_path_passes": _(
        "Picking only poor replies (scored 0 or less) can still pass, at ending "
        "“%(step)s”. Raise the pass mark or lower those scores."
    ),
    "lost_counts_as_pass": _(
        "Ending “%(step)s” loses the customer but counts as a pass."
    ),
}


def describe(problem: sc.Problem, threshold: int | None = None) -> str:
    """The author-facing sentence for a problem found by the checks."""
    code = problem.code
    if code == "unknown_next" and not problem.target:
        code = "missing_next"
    elif code == "unknown_next" and not problem.reply:
        code = "unknown_next_narration"
    return PROBLEM_MESSAGES[code] % {
        "step": problem.step,
        "reply": problem.reply,
        "target": problem.target,
        "key": problem.reply or problem.step,
        "path": " → ".join(problem.path),
        "threshold": threshold,
    }


class RolePlayPageForm(WagtailAdminPageForm):
    """Runs the scenario checks; blocking problems stop anything but a draft save."""

    roleplay_analysis = None

    def clean(self):
        cleaned_data = super().clean()
        steps = cleaned_data.get("steps")
        threshold = cleaned_data.get("pass_threshold")
        if steps is None or threshold is None:
            return cleaned_data  # the fields' own errors come first
        scenario = sc.scenario_from_raw(
            steps.get_prep_value(), cleaned_data.get("start_step", "")
        )
        self.roleplay_analysis = sc.analyse(scenario, threshold)
        if not self.is_deferred_validation:
            for problem in self.roleplay_analysis.errors:
                message = describe(problem, threshold)
                self.add_error(None, ValidationError(message, code=problem.code))
        return cleaned_data


class ScenarioCheckPanel(Panel):
    """The result of the checks and the endings table, above the steps."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "roleplays/admin/check_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            analysis = getattr(self.form, "roleplay_analysis", None)
            threshold = self.instance.pass_threshold
            if analysis is None:
                analysis = self.instance.script().analysis()
            elif self.form.is_bound:
                threshold = self.form.cleaned_data.get("pass_threshold", threshold)
            context.update(
                analysis=analysis,
                threshold=threshold,
                errors=[describe(p, threshold) for p in analysis.errors],
                warnings=[describe(p, threshold) for p in analysis.warnings],
                endings=[
                    (row, dict(OUTCOME_CHOICES).get(row.outcome, row.outcome))
                    for row in analysis.endings
                ],
                help=CHECK_HELP,
                deferred=getattr(self.form, "is_deferred_validation", False),
            )
            return context
