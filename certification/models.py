"""Certification: a record per person and course, its history, certificates and
the practical (observed) assessments that count as evidence."""

from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.models import Orderable, TranslatableMixin
from wagtail.permission_policies.pages import PagePermissionPolicy

from certification.codes import new_code
from certification.dates import show_day
from people import roles
from people.models import StaffProfile

HISTORY_IS_APPEND_ONLY = _("Certification history cannot be changed or deleted.")


class Status(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    AWAITING_ASSESSMENT = "awaiting_assessment", _("Awaiting practical assessment")
    CERTIFIED = "certified", _("Certified")
    EXPIRED = "expired", _("Expired")
    REVOKED = "revoked", _("Revoked")


# ---------------------------------------------------------------------------
# Practical observation checklists


class ObservationChecklist(TranslatableMixin, ClusterableModel):
    """What an observer rates while watching a learner serve customers."""

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    pass_rule = models.TextField(
        _("how to decide pass or fail"),
        blank=True,
        help_text=_("Guidance shown to the observer, e.g. 'no item rated Not yet'."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    panels = [
        FieldPanel("title"),
        FieldPanel("description"),
        FieldPanel("pass_rule"),
        InlinePanel("items", heading=_("Items"), min_num=1, label=_("Item")),
    ]

    class Meta(TranslatableMixin.Meta):
        ordering = ["title"]
        verbose_name = _("observation checklist")
        verbose_name_plural = _("observation checklists")

    def __str__(self):
        return self.title


class ChecklistItem(Orderable):
    checklist = ParentalKey(
        ObservationChecklist, on_delete=models.CASCADE, related_name="items"
    )
    group = models.CharField(
        _("group"), max_length=120, help_text=_("e.g. 'Speech formulas' or 'Safety'.")
    )
    text = models.CharField(_("what the observer looks for"), max_length=300)
    must_meet_standard = models.BooleanField(
        _("must meet the standard to pass"),
        default=False,
        help_text=_(
            "An observation can be passed only when this item is rated "
            "“Meets the standard”, e.g. safety."
        ),
    )
    clauses = ParentalManyToManyField(
        "courses.Clause",
        blank=True,
        related_name="checklist_items",
        verbose_name=_("clauses"),
    )

    panels = [
        FieldPanel("group"),
        FieldPanel("text"),
        FieldPanel("must_meet_standard"),
        FieldPanel("clauses"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("checklist item")

    def __str__(self):
        return f"{self.group}: {self.text}"


# ---------------------------------------------------------------------------
# What a course requires


class CourseRequirements(models.Model):
    """What a person must do to be certified on a course."""

    course = models.OneToOneField(
        "courses.CoursePage",
        on_delete=models.CASCADE,
        related_name="requirements",
        verbose_name=_("course"),
    )
    module_quizzes = models.BooleanField(_("pass every module's quiz"), default=True)
    roleplays = models.ManyToManyField(
        "roleplays.RolePlayPage",
        blank=True,
        related_name="+",
        verbose_name=_("role-plays to pass"),
        help_text=_("Each must reach its pass mark; leave empty to require none."),
    )
    observation_required = models.BooleanField(
        _("a practical observation is required"), default=True
    )
    checklist = models.ForeignKey(
        ObservationChecklist,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("observation checklist"),
    )
    deadline_days = models.PositiveSmallIntegerField(
        _("days from hire to certification"),
        default=60,
        help_text=_(
            "New hires not certified by then are overdue in managers' digests."
        ),
    )
    reminder_days = models.CharField(
        _("reminders (days before expiry)"),
        max_length=50,
        default="30,7",
        help_text=_("Comma-separated, e.g. '30,7'."),
    )

    class Meta:
        verbose_name = _("certification requirements")
        verbose_name_plural = _("certification requirements")

    def __str__(self):
        return str(self.course)

    @property
    def reminder_day_list(self) -> list[int]:
        days = []
        for part in self.reminder_days.split(","):
            part = part.strip()
            if part.isdigit():
                days.append(int(part))
        return sorted(set(days), reverse=True)


# ---------------------------------------------------------------------------
# Records, their history and certificates


class RecordQuerySet(models.QuerySet):
    def certified(self):
        return self.filter(status=Status.CERTIFIED)

    def expiring_before(self, day):
        return self.certified().filter(expires_at__lt=day)

    def for_viewer(self, user):
        """Records ``user`` may see: their own; a manager's line; HR everyone."""
        staff = StaffProfile.objects.for_viewer(user)
        return self.filter(
            models.Q(user=user) | models.Q(user__staff_profile__in=staff)
        )

    def expiring_within(self, days, *, now=None):
        """Certified records whose certificate runs out in the next ``days`` days."""
        now = now or timezone.now()
        return self.expiring_before(now + timedelta(days=days)).filter(
            expires_at__gt=now
        )

    def for_admin(self, user):
        """Records ``user`` may see in the admin.

        HR everyone's; a manager their reporting line's (as ``for_viewer``); a
        trainer the records on the courses they may edit.
        """
        if not user.is_authenticated:
            return self.none()
        if roles.sees_all_staff(user):
            return self.all()
        courses = PagePermissionPolicy().instances_user_has_permission_for(
            user, "change"
        )
        return self.for_viewer(user) | self.filter(course__in=courses.values("pk"))


class CertificationRecord(models.Model):
    """One person's standing on one course. Recertification renews it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="certification_records",
        verbose_name=_("person"),
    )
    course = models.ForeignKey(
        "courses.CoursePage",
        on_delete=models.CASCADE,
        related_name="certification_records",
        verbose_name=_("course"),
    )
    status = models.CharField(
        _("status"), max_length=24, choices=Status.choices, default=Status.NOT_STARTED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    cycle = models.PositiveSmallIntegerField(
        _("certification cycle"),
        default=1,
        help_text=_("Goes up with each recertification."),
    )
    certified_at = models.DateTimeField(_("certified"), null=True, blank=True)
    # Set when the first certificate is issued and never cleared: time to
    # certification and retention read it instead of the certificates.
    first_certified_at = models.DateTimeField(
        _("first certified"), null=True, blank=True
    )
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    last_activity_at = models.DateTimeField(_("last activity"), null=True, blank=True)
    revoked_reason = models.TextField(_("reason for revoking"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = RecordQuerySet.as_manager()

    class Meta:
        ordering = ["user", "course"]
        verbose_name = _("certification record")
        verbose_name_plural = _("certification records")
        permissions = [
            ("revoke_certificate", _("Can revoke and reinstate certificates")),
            (
                "view_training_reports",
                _("Can see training reports on the staff they may see"),
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "course"], name="one_record_per_course"
            )
        ]
        indexes = [
            models.Index(
                fields=["status", "expires_at"], name="record_status_expiry_idx"
            ),
            # The expiring report lists by expiry day across statuses.
            models.Index(fields=["expires_at"], name="record_expiry_idx"),
        ]

    def __str__(self):
        return f"{self.user} – {self.course}: {self.get_status_display()}"

    @property
    def current_status(self):
        """The status now: a certificate past its expiry reads as expired even
        before the daily sweep has run (``rows.status_expression`` in SQL)."""
        expired = self.expires_at is not None and self.expires_at <= timezone.now()
        if self.status == Status.CERTIFIED and expired:
            return Status.EXPIRED
        return self.status

    @property
    def is_ready(self):
        """Ready to work to the standard: certified and not expired."""
        return self.current_status == Status.CERTIFIED


class Cause(models.TextChoices):
    """Why the product changed a record by itself; shown in the reader's language."""

    LESSON_COMPLETED = "lesson_completed", _("Lesson completed.")
    ROLEPLAY_FINISHED = "roleplay_finished", _("Role-play finished.")
    QUIZ_FINISHED = "quiz_finished", _("Quiz attempt finished.")
    OBSERVATION = "observation", _("Practical observation.")
    EXTRA_ATTEMPTS = "extra_attempts", _("Extra attempts granted.")
    EXPIRED = "expired", _("Certificate expired.")
    MATERIAL_CHANGE = "material_change", _("The standard changed: refresher due.")
    REFRESHER_DONE = "refresher_done", _("Refresher completed: certificate renewed.")
    REFRESHER_MISSED = "refresher_missed", _("Refresher not completed by its due date.")
    ERASED = "erased", _("Personal data erased: certificate revoked.")


def describe_cause(cause: str, details: dict) -> str:
    """The sentence for an event's cause, in the active language."""
    if cause == Cause.OBSERVATION:
        text = (
            _("Practical observation on %(day)s: passed.")
            if details.get("passed")
            else _("Practical observation on %(day)s: not passed.")
        )
        return text % {"day": _show_day(details.get("day"))}
    if cause == Cause.EXTRA_ATTEMPTS:
        return ngettext(
            "%(count)s extra attempt at “%(quiz)s” granted.",
            "%(count)s extra attempts at “%(quiz)s” granted.",
            details.get("count", 0),
        ) % {"count": details.get("count", 0), "quiz": details.get("quiz", "")}
    if cause == Cause.EXPIRED and details.get("day"):
        return _("Certificate expired on %(day)s.") % {"day": _show_day(details["day"])}
    return str(Cause(cause).label) if cause in Cause.values else cause


def _show_day(value) -> str:
    return show_day(date.fromisoformat(value)) if value else ""


class EventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ValidationError(HISTORY_IS_APPEND_ONLY, code="append_only")

    def delete(self):
        raise ValidationError(HISTORY_IS_APPEND_ONLY, code="append_only")


class CertificationEvent(models.Model):
    """One change of a record's status: who, when, from, to, why. Never edited."""

    record = models.ForeignKey(
        CertificationRecord, on_delete=models.PROTECT, related_name="events"
    )
    at = models.DateTimeField(_("when"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    from_status = models.CharField(
        _("from"), max_length=24, choices=Status.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=24, choices=Status.choices)
    cause = models.CharField(
        _("cause"),
        max_length=32,
        choices=Cause.choices,
        blank=True,
        help_text=_("Set when the product changed the record by itself."),
    )
    details = models.JSONField(_("details of the cause"), default=dict, blank=True)
    reason = models.TextField(
        _("reason given"), blank=True, help_text=_("What the person who acted wrote.")
    )

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["record", "at", "pk"]
        verbose_name = _("certification event")
        verbose_name_plural = _("certification history")

    def __str__(self):
        return f"{self.record}: {self.from_status or '-'} → {self.to_status}"

    def save(self, *args, **kwargs):
        # The history is evidence: rows are written once and never changed.
        if self.pk is not None:
            raise ValidationError(HISTORY_IS_APPEND_ONLY, code="append_only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(HISTORY_IS_APPEND_ONLY, code="append_only")

    @property
    def why(self) -> str:
        """The cause in the reader's language, then the reason given, if any."""
        parts = [describe_cause(self.cause, self.details)] if self.cause else []
        if self.reason:
            parts.append(
                _("Reason: %(reason)s") % {"reason": self.reason}
                if self.cause
                else self.reason
            )
        return " ".join(parts)


class ObservationQuerySet(models.QuerySet):
    def for_admin(self, user):
        """Observations ``user`` may see in the admin: those on records they see."""
        records = CertificationRecord.objects.for_admin(user).filter(
            user=models.OuterRef("learner"), course=models.OuterRef("course")
        )
        return self.filter(models.Exists(records))


class Observation(models.Model):
    """A practical assessment: an observer rated a learner against a checklist."""

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="observations",
        verbose_name=_("learner"),
    )
    course = models.ForeignKey(
        "courses.CoursePage",
        on_delete=models.CASCADE,
        related_name="observations",
        verbose_name=_("course"),
    )
    checklist = models.ForeignKey(
        ObservationChecklist, on_delete=models.PROTECT, related_name="observations"
    )
    observer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="observations_made",
        verbose_name=_("observer"),
    )
    observed_on = models.DateField(_("observed on"), default=timezone.localdate)
    passed = models.BooleanField(_("passed"))
    comments = models.TextField(_("comments"), blank=True)
    submission_key = models.UUIDField(
        unique=True, help_text=_("Makes a double-clicked form save only once.")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ObservationQuerySet.as_manager()

    class Meta:
        ordering = ["-observed_on", "-created_at"]
        verbose_name = _("practical observation")
        verbose_name_plural = _("practical observations")
        permissions = [("observe_anyone", _("Can record observations of any learner"))]

    def __str__(self):
        verdict = _("passed") if self.passed else _("not yet")
        return f"{self.learner} – {self.course} ({self.observed_on}, {verdict})"


class Rating(models.IntegerChoices):
    NOT_YET = 0, _("Not yet")
    PARTLY = 1, _("Partly")
    MEETS = 2, _("Meets the standard")


class ObservationRating(models.Model):
    observation = models.ForeignKey(
        Observation, on_delete=models.CASCADE, related_name="ratings"
    )
    item = models.ForeignKey(
        ChecklistItem, on_delete=models.SET_NULL, null=True, related_name="ratings"
    )
    # Kept as observed, so editing the checklist later does not rewrite history.
    group = models.CharField(max_length=120)
    text = models.CharField(max_length=300)
    clause_ids = models.JSONField(default=list)
    rating = models.PositiveSmallIntegerField(
        _("rating"), choices=Rating.choices, null=True, blank=True
    )
    comment = models.CharField(_("comment"), max_length=500, blank=True)

    class Meta:
        ordering = ["observation", "pk"]
        verbose_name = _("rating")

    def __str__(self):
        return f"{self.text}: {self.get_rating_display() or '-'}"


class CertificateQuerySet(models.QuerySet):
    def current(self):
        """Certificates neither replaced by a newer one nor revoked."""
        return self.filter(superseded_by__isnull=True, revoked_at__isnull=True)

    def for_viewer(self, user):
        return self.filter(record__in=CertificationRecord.objects.for_viewer(user))


class Certificate(models.Model):
    """An issued certificate. The holder's name and course are kept as issued."""

    record = models.ForeignKey(
        CertificationRecord, on_delete=models.PROTECT, related_name="certificates"
    )
    cycle = models.PositiveSmallIntegerField()
    code = models.CharField(
        _("verification code"), max_length=19, unique=True, default=new_code
    )
    holder_name = models.CharField(_("holder"), max_length=300)
    course_title = models.CharField(_("course"), max_length=255)
    issuer = models.CharField(_("issuer"), max_length=200)
    issued_at = models.DateTimeField(_("issued"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    superseded_by = models.OneToOneField(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="supersedes",
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    quiz_attempts = models.ManyToManyField(
        "quizzes.Attempt",
        blank=True,
        related_name="certificates",
        verbose_name=_("quiz attempts"),
    )
    roleplay_runs = models.ManyToManyField(
        "roleplays.RolePlayRun",
        blank=True,
        related_name="+",
        verbose_name=_("role-play runs"),
    )
    observation = models.ForeignKey(
        Observation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="certificates",
    )

    objects = CertificateQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_at"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        constraints = [
            # Exactly one certificate per person, course and certification cycle.
            models.UniqueConstraint(
                fields=["record", "cycle"], name="one_certificate_per_cycle"
            )
        ]
        indexes = [
            # A record's first certificate (time to certification, retention)
            # from the index alone.
            models.Index(fields=["record", "issued_at"], name="certificate_first_idx")
        ]

    def __str__(self):
        return f"{self.code} – {self.holder_name}, {self.course_title}"

    def public_status(self, now=None) -> str:
        """valid, expired, revoked or superseded: what the verify page says."""
        now = now or timezone.now()
        if self.revoked_at:
            return "revoked"
        if self.superseded_by_id:
            return "superseded"
        if self.expires_at and self.expires_at <= now:
            return "expired"
        return "valid"


class ReminderSent(models.Model):
    """An expiry reminder already sent, so a second sweep sends nothing."""

    record = models.ForeignKey(
        CertificationRecord, on_delete=models.CASCADE, related_name="reminders"
    )
    cycle = models.PositiveSmallIntegerField()
    days_before = models.PositiveSmallIntegerField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reminder sent")
        constraints = [
            models.UniqueConstraint(
                fields=["record", "cycle", "days_before"],
                name="one_reminder_per_threshold",
            )
        ]

    def __str__(self):
        return f"{self.record}: {self.days_before} days"


class DigestSent(models.Model):
    """A manager's overdue digest, sent at most once a week."""

    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    sent_on = models.DateField()
    people = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("manager digest sent")
        constraints = [
            models.UniqueConstraint(
                fields=["manager", "sent_on"], name="one_digest_per_day"
            )
        ]

    def __str__(self):
        return f"{self.manager} {self.sent_on}"


# ---------------------------------------------------------------------------
# Who must take which course, and by when


class Target(models.TextChoices):
    PERSON = "person", _("A person")
    DEPARTMENT = "department", _("A department")
    LOCATION = "location", _("A location")
    JOB_ROLE = "job_role", _("A job role")


class DueFrom(models.TextChoices):
    DATE = "date", _("On a date")
    HIRE = "hire", _("Days after the hire date")
    ASSIGNED = "assigned", _("Days after the assignment")


def _one_target():
    """Exactly the link ``target`` names is set, the others are empty."""
    names = [choice.value for choice in Target]
    condition = models.Q()
    for name in names:
        links = {f"{other}__isnull": other != name for other in names}
        condition |= models.Q(target=name, **links)
    return condition


def _target_field(model, label):
    """Who an assignment is for: one of four optional links."""
    return models.ForeignKey(
        model,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="assignments",
        verbose_name=label,
    )


class Assignment(models.Model):
    """HR's decision that a course is required of a person, a department, a
    location or a job role, with a due date.

    Removing an assignment removes the requirement only: records, attempts and
    certificates stay."""

    course = models.ForeignKey(
        "courses.CoursePage",
        on_delete=models.CASCADE,
        related_name="assignments",
        verbose_name=_("course"),
    )
    target = models.CharField(_("assigned to"), max_length=16, choices=Target.choices)
    # Exactly one of these, the one ``target`` names (a database constraint).
    person = _target_field(StaffProfile, _("person"))
    department = _target_field("people.Department", _("department"))
    location = _target_field("people.Location", _("location"))
    job_role = _target_field("people.JobRole", _("job role"))
    due_from = models.CharField(
        _("due"), max_length=16, choices=DueFrom.choices, default=DueFrom.DATE
    )
    due_on = models.DateField(_("due date"), null=True, blank=True)
    due_days = models.PositiveSmallIntegerField(_("days"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assigned by"),
    )
    created_at = models.DateTimeField(_("assigned on"), default=timezone.now)

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=_one_target(), name="assignment_one_target"
            ),
            models.CheckConstraint(
                condition=models.Q(due_from="date", due_on__isnull=False)
                | models.Q(~models.Q(due_from="date"), due_days__isnull=False),
                name="assignment_due_rule",
            ),
        ]

    def __str__(self):
        return f"{self.course} → {self.target_name}"

    @property
    def target_object(self):
        return getattr(self, self.target)

    @property
    def target_name(self) -> str:
        return str(self.target_object)

    def due_for(self, hire_date: date | None) -> date | None:
        """The day a person hired on ``hire_date`` must be certified by."""
        if self.due_from == DueFrom.DATE:
            return self.due_on
        if self.due_from == DueFrom.ASSIGNED:
            start = timezone.localdate(self.created_at)
            return start + timedelta(days=self.due_days)
        if hire_date is None:
            return None
        return hire_date + timedelta(days=self.due_days)

    @property
    def due_label(self) -> str:
        if self.due_from == DueFrom.DATE:
            return show_day(self.due_on)
        if self.due_from == DueFrom.HIRE:
            return ngettext(
                "%(days)s day after hire", "%(days)s days after hire", self.due_days
            ) % {"days": self.due_days}
        return ngettext(
            "%(days)s day after assignment",
            "%(days)s days after assignment",
            self.due_days,
        ) % {"days": self.due_days}


class RequiredCourse(models.Model):
    """A course a person must be certified on, and by when: from their job role,
    from assignments, or both. Kept in step by ``certification.assignments``
    whenever a person, a job role's courses, a course's deadline or an
    assignment changes, so every readiness answer reads one table."""

    staff = models.ForeignKey(
        StaffProfile, on_delete=models.CASCADE, related_name="required_courses"
    )
    course = models.ForeignKey(
        "courses.CoursePage", on_delete=models.CASCADE, related_name="+"
    )
    due_on = models.DateField(null=True, blank=True)
    by_role = models.BooleanField(default=False)
    # The assignment whose due date applies (the earliest), if any.
    assignment = models.ForeignKey(
        Assignment, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("required course")
        verbose_name_plural = _("required courses")
        constraints = [
            models.UniqueConstraint(
                fields=["staff", "course"], name="one_requirement_per_course"
            )
        ]
        indexes = [models.Index(fields=["course", "due_on"], name="required_due_idx")]

    def __str__(self):
        return f"{self.staff} — {self.course}"

    @property
    def assigned(self) -> bool:
        return self.assignment_id is not None


# ---------------------------------------------------------------------------
# Changes to the standard and the refreshers they call for


class MaterialChange(models.Model):
    """A trainer's note that a course changed materially on some clauses.

    Everyone certified on the course before it keeps their certificate and
    gets a refresher on just those clauses, due on ``due_on``: the lessons that
    teach them and a short quiz drawn from the questions that test them."""

    course = models.ForeignKey(
        "courses.CoursePage",
        on_delete=models.CASCADE,
        related_name="material_changes",
        verbose_name=_("course"),
    )
    clauses = models.ManyToManyField(
        "courses.Clause", related_name="+", verbose_name=_("clauses that changed")
    )
    reason = models.CharField(_("what changed"), max_length=300)
    # The same sentence in the site's other languages: {language code: text}.
    reason_translations = models.JSONField(
        _("what changed, in other languages"), default=dict, blank=True
    )
    due_on = models.DateField(_("refresher due by"))
    # Found when the change is recorded: the lessons that teach the clauses.
    lessons = models.ManyToManyField(
        "courses.LessonPage", blank=True, related_name="+", verbose_name=_("lessons")
    )
    quiz = models.ForeignKey(
        "quizzes.Quiz",
        on_delete=models.PROTECT,
        related_name="material_changes",
        verbose_name=_("refresher quiz"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("recorded on"), default=timezone.now)

    class Meta:
        verbose_name = _("material change")
        verbose_name_plural = _("material changes")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.course}: {self.reason}"

    def reason_in(self, language: str) -> str:
        """What changed, in ``language`` where the trainer wrote it, else as written."""
        return self.reason_translations.get(language) or self.reason


class RefresherStatus(models.TextChoices):
    PENDING = "pending", _("To do")
    DONE = "done", _("Done")
    MISSED = "missed", _("Missed")


class Refresher(models.Model):
    """One certified person's refresher after a material change."""

    change = models.ForeignKey(
        MaterialChange, on_delete=models.CASCADE, related_name="refreshers"
    )
    record = models.ForeignKey(
        CertificationRecord, on_delete=models.CASCADE, related_name="refreshers"
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=RefresherStatus.choices,
        default=RefresherStatus.PENDING,
    )
    done_at = models.DateTimeField(_("done on"), null=True, blank=True)

    class Meta:
        verbose_name = _("refresher")
        verbose_name_plural = _("refreshers")
        constraints = [
            models.UniqueConstraint(
                fields=["change", "record"], name="one_refresher_per_change"
            )
        ]
        indexes = [
            models.Index(fields=["record", "status"], name="refresher_record_idx")
        ]

    def __str__(self):
        return f"{self.record}: {self.change.reason}"


class DueReminderSent(models.Model):
    """A reminder that a required course is due soon, sent to someone never
    certified on it; kept so that each due date's thresholds remind once."""

    staff = models.ForeignKey(StaffProfile, on_delete=models.CASCADE, related_name="+")
    course = models.ForeignKey(
        "courses.CoursePage", on_delete=models.CASCADE, related_name="+"
    )
    due_on = models.DateField()
    days_before = models.PositiveSmallIntegerField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("due date reminder sent")
        constraints = [
            models.UniqueConstraint(
                fields=["staff", "course", "due_on", "days_before"],
                name="one_due_reminder_per_threshold",
            )
        ]

    def __str__(self):
        return f"{self.staff} — {self.course}: {self.days_before} days"
