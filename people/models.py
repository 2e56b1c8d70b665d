from django.conf import settings
from django.db import models
from django.db.models.expressions import RawSQL
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.models.audit_log import BaseLogEntry, BaseLogEntryManager
from wagtail.permission_policies import ModelPermissionPolicy

from people import roles


class NamedModel(models.Model):
    name = models.CharField(_("name"), max_length=120, unique=True)

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return self.name


class Department(NamedModel):
    class Meta(NamedModel.Meta):
        verbose_name = _("department")
        verbose_name_plural = _("departments")


class Location(NamedModel):
    class Meta(NamedModel.Meta):
        verbose_name = _("location")
        verbose_name_plural = _("locations")


class JobRole(NamedModel):
    class Meta(NamedModel.Meta):
        verbose_name = _("job role")
        verbose_name_plural = _("job roles")


SEARCH_FIELDS = ["employee_id", "user__first_name", "user__last_name", "user__email"]

REPORTING_LINE_SQL = """
    WITH RECURSIVE line(id) AS (
        SELECT id FROM {table} WHERE manager_id = %s
        UNION
        SELECT staff.id FROM {table} AS staff JOIN line ON staff.manager_id = line.id
    )
    SELECT id FROM line
"""


class StaffProfileQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def reporting_line(self, manager):
        """Everyone who reports to ``manager``, directly or indirectly, in one query.

        A recursive CTE walks the reporting line inside the database; UNION
        (not UNION ALL) stops it even if bad data ever formed a cycle.
        """
        manager_id = getattr(manager, "pk", manager)
        sql = REPORTING_LINE_SQL.format(table=self.model._meta.db_table)
        return self.filter(pk__in=RawSQL(sql, [manager_id])).exclude(pk=manager_id)

    def for_viewer(self, user):
        """The staff ``user`` may see: HR everyone, a manager their line, else self."""
        if not user.is_authenticated:
            return self.none()
        if roles.sees_all_staff(user):
            return self.all()
        own = self.filter(user=user)
        profile = StaffProfile.objects.filter(user=user).only("pk").first()
        if profile is None:
            return own
        return own | self.reporting_line(profile)

    def search(self, query: str):
        """Staff with every word of ``query`` in a name, employee ID or e-mail,
        so that "Ann Lee" finds Ann Lee."""
        queryset = self
        for word in query.split():
            match = models.Q()
            for field in SEARCH_FIELDS:
                match |= models.Q(**{f"{field}__icontains": word})
            queryset = queryset.filter(match)
        return queryset

    def with_related(self):
        return self.select_related(
            "user", "department", "location", "job_role", "manager__user"
        )


class StaffProfile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="staff_profile",
        verbose_name=_("user"),
    )
    employee_id = models.CharField(
        _("employee ID"),
        max_length=32,
        unique=True,
        help_text=_("The ID from the HR system; imports match people by it."),
    )
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        verbose_name=_("department"),
    )
    location = models.ForeignKey(
        Location,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        verbose_name=_("location"),
    )
    job_role = models.ForeignKey(
        JobRole,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        verbose_name=_("job role"),
    )
    manager = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="direct_reports",
        verbose_name=_("manager"),
    )
    hire_date = models.DateField(_("hire date"), null=True, blank=True)
    leave_date = models.DateField(_("leaving date"), null=True, blank=True)
    is_active = models.BooleanField(
        _("employed"),
        default=True,
        help_text=_("Cleared when the leaving date has passed; their records stay."),
    )
    invited_at = models.DateTimeField(
        _("invitation sent"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("When the last invitation to set a first password was sent."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = StaffProfileQuerySet.as_manager()

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff")
        ordering = ["user__last_name", "user__first_name", "employee_id"]
        permissions = [("view_all_staff", _("Can see every staff member and record"))]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(leave_date__isnull=True)
                | models.Q(hire_date__isnull=True)
                | models.Q(leave_date__gte=models.F("hire_date")),
                name="staff_leave_after_hire",
            ),
            models.CheckConstraint(
                condition=~models.Q(manager=models.F("pk")),
                name="staff_not_own_manager",
            ),
        ]
        indexes = [
            models.Index(fields=["manager"], name="staff_manager_idx"),
            # The reports' filters: hire dates, and leavers (a small share).
            models.Index(fields=["hire_date"], name="staff_hire_date_idx"),
            models.Index(
                fields=["leave_date"],
                condition=models.Q(is_active=False),
                name="staff_leavers_idx",
            ),
        ]

    def __str__(self):
        return f"{self.full_name} ({self.employee_id})"

    @property
    def full_name(self):
        return self.user.get_full_name() or self.user.get_username()


class StaffLogEntryManager(BaseLogEntryManager):
    def log_action(self, instance, action, **kwargs):
        kwargs.update(staff=instance)
        return super().log_action(instance, action, **kwargs)

    def viewable_by_user(self, user):
        """Entries about the staff ``user`` may see, as Wagtail's history shows.

        Wagtail's default shows every entry of a model to anyone holding a
        permission on it, which would show managers everyone's history.
        """
        policy = ModelPermissionPolicy(StaffProfile)
        if not policy.user_has_any_permission(
            user, ["add", "change", "delete", "view"]
        ):
            return self.none()
        if roles.sees_all_staff(user):
            # Including people since deleted, whom no staff query can name.
            return self.all()
        visible = StaffProfile.objects.for_viewer(user).values("pk")
        return self.filter(staff__in=visible)

    def for_instance(self, instance):
        return self.filter(staff_id=instance.pk)


class StaffLogEntry(BaseLogEntry):
    """Wagtail's log of what was done to a staff member (edits, invitations)."""

    # Kept when the person is deleted: the log records the deletion too.
    staff = models.ForeignKey(
        StaffProfile,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
        verbose_name=_("staff member"),
    )

    objects = StaffLogEntryManager()

    class Meta(BaseLogEntry.Meta):
        ordering = ["-timestamp", "-id"]
        verbose_name = _("staff log entry")
        verbose_name_plural = _("staff log entries")

    def __str__(self):
        return f"StaffLogEntry {self.pk}: {self.action!r} on staff {self.staff_id}"

    @cached_property
    def object_id(self):
        return self.staff_id
