"""The quiz engine's data: banks of questions, quizzes drawn from them, attempts.

An attempt keeps a snapshot of every question it showed (text, choices, the
right answers, points) on its answer rows, and is graded from that snapshot
only: editing or deleting questions later never changes a past score.
"""

from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable, TranslatableMixin

from quizzes.conf import app_settings


class QuestionBank(TranslatableMixin, models.Model):
    """A bank of questions; a translation holds the translations of its questions."""

    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta(TranslatableMixin.Meta):
        ordering = ["name"]
        verbose_name = _("question bank")
        verbose_name_plural = _("question banks")
        constraints = [
            models.UniqueConstraint(
                fields=["name", "locale"], name="one_bank_name_per_language"
            )
        ]

    def __str__(self):
        return self.name


class Category(models.Model):
    bank = models.ForeignKey(
        QuestionBank,
        on_delete=models.CASCADE,
        related_name="categories",
        verbose_name=_("bank"),
    )
    name = models.CharField(_("name"), max_length=120)

    class Meta:
        ordering = ["bank", "name"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        constraints = [
            models.UniqueConstraint(
                fields=["bank", "name"], name="one_category_name_per_bank"
            )
        ]

    def __str__(self):
        return self.name


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    TRUE_FALSE = "true_false", _("True or false")
    ORDERING = "ordering", _("Put in order")
    MATCHING = "matching", _("Matching pairs")
    SHORT_TEXT = "short_text", _("Short text")
    ESSAY = "essay", _("Essay (marked by a trainer)")


class Question(TranslatableMixin, ClusterableModel):
    """One question. Its choices are inline rows; what they mean depends on the kind.

    - single / multiple: choices with ``is_correct`` flags;
    - true_false: ``answer_is_true``, no choices;
    - ordering: choices in the correct order (their ``sort_order``);
    - matching: choices are pairs, ``text`` on the left and ``match`` on the right;
    - short_text: ``accepted_answers``, one per line (case and spaces ignored);
    - essay: no choices; a trainer marks it.
    """

    bank = models.ForeignKey(
        QuestionBank,
        on_delete=models.CASCADE,
        related_name="questions",
        verbose_name=_("bank"),
    )
    category = models.ForeignKey(
        Category,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="questions",
        verbose_name=_("category"),
    )
    kind = models.CharField(_("type"), max_length=20, choices=QuestionKind.choices)
    text = models.TextField(_("question"))
    explanation = models.TextField(
        _("explanation"),
        blank=True,
        help_text=_("Shown with the feedback: why the answer is right."),
    )
    points = models.PositiveSmallIntegerField(
        _("points"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    partial_credit = models.BooleanField(
        _("partial credit"),
        default=False,
        help_text=_(
            "Multiple choice, ordering and matching: part of the points for a "
            "partly right answer instead of all or nothing."
        ),
    )
    answer_is_true = models.BooleanField(
        _("the statement is true"),
        null=True,
        blank=True,
        help_text=_("True or false only."),
    )
    accepted_answers = models.TextField(
        _("accepted answers"),
        blank=True,
        help_text=_(
            "Short text only: one accepted answer per line; case and spaces "
            "are ignored."
        ),
    )
    clauses = models.ManyToManyField(
        app_settings.CLAUSE_MODEL,
        blank=True,
        related_name="questions",
        verbose_name=_("clauses of the standard"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta(TranslatableMixin.Meta):
        ordering = ["bank", "category", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self):
        return self.text if len(self.text) <= 80 else self.text[:77] + "…"

    @property
    def accepted_answer_list(self):
        return [
            line.strip() for line in self.accepted_answers.splitlines() if line.strip()
        ]


class Choice(Orderable):
    question = ParentalKey(Question, on_delete=models.CASCADE, related_name="choices")
    text = models.CharField(_("text"), max_length=500)
    is_correct = models.BooleanField(_("correct"), default=False)
    match = models.CharField(
        _("matches"),
        max_length=500,
        blank=True,
        help_text=_("Matching only: the right-hand side."),
    )
    feedback = models.CharField(
        _("feedback"),
        max_length=500,
        blank=True,
        help_text=_("Shown when this choice is picked."),
    )

    class Meta(Orderable.Meta):
        verbose_name = _("choice")
        verbose_name_plural = _("choices")

    def __str__(self):
        return self.text


class Quiz(TranslatableMixin, ClusterableModel):
    class Mode(models.TextChoices):
        GRADED = "graded", _("Graded test")
        PRACTICE = "practice", _("Practice (self-assessment, ungraded)")

    class Feedback(models.TextChoices):
        IMMEDIATE = "immediate", _("After each question")
        END = "end", _("At the end")
        NEVER = "never", _("Never (score only)")

    class Grading(models.TextChoices):
        HIGHEST = "highest", _("Highest attempt counts")
        LATEST = "latest", _("Latest attempt counts")

    title = models.CharField(_("title"), max_length=200)
    introduction = models.TextField(_("introduction"), blank=True)
    bank = models.ForeignKey(
        QuestionBank,
        on_delete=models.PROTECT,
        related_name="quizzes",
        verbose_name=_("bank"),
    )
    mode = models.CharField(
        _("mode"), max_length=10, choices=Mode.choices, default=Mode.GRADED
    )
    question_count = models.PositiveSmallIntegerField(
        _("questions per attempt"),
        null=True,
        blank=True,
        help_text=_(
            "Draw this many at random for each attempt; empty for all questions."
        ),
    )
    random_order = models.BooleanField(_("random question order"), default=False)
    shuffle_choices = models.BooleanField(_("shuffle choices"), default=False)
    one_question_per_page = models.BooleanField(
        _("one question per page"), default=False
    )
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (%)"), default=80, validators=[MaxValueValidator(100)]
    )
    attempt_limit = models.PositiveSmallIntegerField(
        _("attempt limit"),
        null=True,
        blank=True,
        help_text=_("Empty for unlimited attempts."),
    )
    cooldown_minutes = models.PositiveIntegerField(
        _("cool-down (minutes)"), default=0, help_text=_("Wait between attempts.")
    )
    time_limit_minutes = models.PositiveSmallIntegerField(
        _("time limit (minutes)"),
        null=True,
        blank=True,
        help_text=_("Enforced on the server; empty for no limit."),
    )
    feedback = models.CharField(
        _("feedback"), max_length=10, choices=Feedback.choices, default=Feedback.END
    )
    grading = models.CharField(
        _("grade that counts"),
        max_length=10,
        choices=Grading.choices,
        default=Grading.HIGHEST,
    )
    # A quiz made from chosen questions (a refresher on some clauses) draws
    # from these instead of its bank; authors' quizzes leave it empty.
    pool = models.ManyToManyField(
        Question,
        blank=True,
        related_name="+",
        verbose_name=_("questions to draw from"),
        help_text=_("Empty: the whole bank."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta(TranslatableMixin.Meta):
        ordering = ["title"]
        verbose_name = _("quiz")
        verbose_name_plural = _("quizzes")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(pass_mark__lte=100), name="pass_mark_0_100"
            )
        ]

    def __str__(self):
        return self.title

    @property
    def is_practice(self):
        return self.mode == self.Mode.PRACTICE


class CategoryDraw(Orderable):
    """Draw ``count`` questions from one category for each attempt."""

    quiz = ParentalKey(Quiz, on_delete=models.CASCADE, related_name="category_draws")
    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="+")
    count = models.PositiveSmallIntegerField(
        _("questions"), validators=[MinValueValidator(1)]
    )

    class Meta(Orderable.Meta):
        verbose_name = _("questions from a category")


class AttemptQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(user=user)

    def in_progress(self):
        return self.filter(status=Attempt.Status.IN_PROGRESS)

    def finished(self):
        return self.exclude(status=Attempt.Status.IN_PROGRESS)


class Attempt(models.Model):
    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", _("In progress")
        AWAITING_MARKING = "awaiting_marking", _("Awaiting marking")
        GRADED = "graded", _("Graded")

    quiz = models.ForeignKey(
        Quiz, on_delete=models.PROTECT, related_name="attempts", verbose_name=_("quiz")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="quiz_attempts",
        verbose_name=_("learner"),
    )
    number = models.PositiveSmallIntegerField(_("attempt number"))
    practice = models.BooleanField(_("practice"), default=False)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.IN_PROGRESS
    )
    settings = models.JSONField(
        _("settings when started"),
        default=dict,
        help_text=_(
            "The quiz's pass mark, feedback and time limit as they were at the start."
        ),
    )
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    deadline = models.DateTimeField(_("deadline"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    graded_at = models.DateTimeField(_("graded"), null=True, blank=True)
    score = models.DecimalField(
        _("score"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    max_score = models.DecimalField(
        _("out of"), max_digits=7, decimal_places=2, default=0
    )
    percent = models.DecimalField(
        _("percent"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    passed = models.BooleanField(_("passed"), null=True, blank=True)

    objects = AttemptQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("attempt")
        verbose_name_plural = _("attempts")
        constraints = [
            # Two starts racing for the same number: one of them fails.
            models.UniqueConstraint(
                fields=["quiz", "user", "number"], name="one_attempt_number"
            ),
        ]
        indexes = [
            models.Index(
                fields=["user", "quiz", "status"], name="attempt_user_quiz_idx"
            )
        ]

    def __str__(self):
        return f"{self.quiz} #{self.number} by {self.user}"

    @property
    def is_open(self):
        return self.status == self.Status.IN_PROGRESS

    @property
    def is_final(self):
        return self.status == self.Status.GRADED


class Answer(models.Model):
    """One question of an attempt: its snapshot, the learner's response, the marks."""

    class Confidence(models.IntegerChoices):
        GUESS = 1, _("Guessing")
        UNSURE = 2, _("Fairly sure")
        SURE = 3, _("Sure")

    attempt = models.ForeignKey(
        Attempt, on_delete=models.CASCADE, related_name="answers"
    )
    position = models.PositiveSmallIntegerField(_("position"))
    question = models.ForeignKey(
        Question,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="answers",
        help_text=_("The live question, for item analysis; grading uses the snapshot."),
    )
    # kind, text, explanation, points, partial_credit, answer_is_true,
    # accepted_answers, clause_ids, category, and choices
    # [{id, text, is_correct, match, feedback}] in the order they were shown.
    snapshot = models.JSONField(_("question as shown"))
    response = models.JSONField(_("response"), null=True, blank=True)
    confidence = models.PositiveSmallIntegerField(
        _("confidence"), choices=Confidence.choices, null=True, blank=True
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    points_awarded = models.DecimalField(
        _("points"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    is_correct = models.BooleanField(_("correct"), null=True, blank=True)
    needs_marking = models.BooleanField(_("needs marking"), default=False)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("marked by"),
    )
    marked_at = models.DateTimeField(_("marked"), null=True, blank=True)
    marker_comment = models.TextField(_("marker's comment"), blank=True)

    class Meta:
        ordering = ["attempt", "position"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["attempt", "position"], name="one_answer_per_position"
            )
        ]
        indexes = [
            models.Index(fields=["needs_marking"], name="answer_needs_marking_idx"),
        ]

    def __str__(self):
        return f"{self.attempt} Q{self.position + 1}"


class AttemptAllowanceQuerySet(models.QuerySet):
    def extra_for(self, user, quiz) -> int:
        """The extra attempts granted to ``user`` at ``quiz``, in total."""
        return self.extra_by_quiz(user, [quiz]).get(quiz.pk, 0)

    def extra_by_quiz(self, user, quizzes) -> dict[int, int]:
        """``{quiz id: extra attempts granted to user}``, in one query."""
        rows = (
            self.filter(user=user, quiz__in=[quiz.pk for quiz in quizzes])
            .values("quiz_id")
            .annotate(total=models.Sum("extra"))
        )
        return {row["quiz_id"]: row["total"] for row in rows}


class AttemptAllowance(models.Model):
    """Extra attempts at a quiz granted to one learner beyond its attempt limit."""

    quiz = models.ForeignKey(
        Quiz,
        on_delete=models.CASCADE,
        related_name="allowances",
        verbose_name=_("quiz"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="attempt_allowances",
        verbose_name=_("learner"),
    )
    extra = models.PositiveSmallIntegerField(
        _("extra attempts"), validators=[MinValueValidator(1)]
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("granted by"),
    )
    reason = models.TextField(_("reason"))
    created_at = models.DateTimeField(_("granted"), auto_now_add=True)

    objects = AttemptAllowanceQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("extra attempts")
        verbose_name_plural = _("extra attempts")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(extra__gte=1), name="allowance_extra_at_least_one"
            )
        ]
        indexes = [
            models.Index(fields=["user", "quiz"], name="allowance_user_quiz_idx")
        ]

    def __str__(self):
        return f"{self.quiz}: +{self.extra} for {self.user}"


def snapshot_clause_ids(snapshot) -> set[int]:
    """The clause ids an answer's snapshot was tagged with; junk is skipped."""
    values = snapshot.get("clause_ids") if isinstance(snapshot, dict) else None
    ids = set()
    for value in values if isinstance(values, list) else []:
        try:
            ids.add(int(value))
        except (TypeError, ValueError):
            continue
    return ids


def snapshot_worth(snapshot) -> Decimal:
    """What the question was worth when shown (never below nothing)."""
    points = snapshot.get("points") if isinstance(snapshot, dict) else None
    try:
        return max(Decimal(0), Decimal(str(points or 0)))
    except (InvalidOperation, ValueError):
        return Decimal(0)


class AnswerClauseMark(models.Model):
    """A graded answer's marks on one clause its question was tagged with (by
    the answer's snapshot), written when the attempt is graded. Reports add
    these up in the database instead of reading every answer's snapshot.
    Practice attempts have none."""

    answer = models.ForeignKey(
        Answer, on_delete=models.CASCADE, related_name="clause_marks"
    )
    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="quiz_clause_marks",
    )
    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="+")
    clause = models.ForeignKey(
        app_settings.CLAUSE_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    earned = models.DecimalField(max_digits=6, decimal_places=2)
    available = models.DecimalField(max_digits=6, decimal_places=2)
    correct = models.BooleanField(null=True)
    submitted_at = models.DateTimeField()
    graded_at = models.DateTimeField()

    class Meta:
        verbose_name = _("clause mark")
        verbose_name_plural = _("clause marks")
        constraints = [
            models.UniqueConstraint(
                fields=["answer", "clause"], name="one_mark_per_answer_clause"
            )
        ]
        indexes = [
            models.Index(
                fields=["user", "submitted_at"], name="clause_mark_user_time_idx"
            )
        ]

    def __str__(self):
        return f"{self.answer} on clause {self.clause_id}"


def clause_mark_rows(attempt, answers, clause_ids) -> list[dict]:
    """The ``AnswerClauseMark`` fields for each graded answer of ``attempt`` and
    each of its clauses among ``clause_ids`` (those that still exist). Shared by
    grading and the migration that fills the table for older attempts, so
    ``attempt`` and ``answers`` may be historical models."""
    rows = []
    for answer in answers:
        if answer.points_awarded is None:
            continue
        for clause_id in sorted(snapshot_clause_ids(answer.snapshot) & clause_ids):
            rows.append(
                {
                    "answer_id": answer.pk,
                    "attempt_id": attempt.pk,
                    "user_id": attempt.user_id,
                    "quiz_id": attempt.quiz_id,
                    "clause_id": clause_id,
                    "earned": answer.points_awarded,
                    "available": snapshot_worth(answer.snapshot),
                    "correct": answer.is_correct,
                    "submitted_at": attempt.submitted_at,
                    "graded_at": attempt.graded_at or attempt.submitted_at,
                }
            )
    return rows
