"""Exports too large for a web request: prepared by a background task, kept in
the default storage under a private path, downloaded by the person who asked."""

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# Files live under this folder of the default storage, each in a folder of its
# own with a random name; only the download view hands them out.
EXPORTS_FOLDER = "private/training-exports"


def export_path(export, filename: str) -> str:
    return str(PurePosixPath(EXPORTS_FOLDER, uuid.uuid4().hex, filename))


class ExportQuerySet(models.QuerySet):
    def for_user(self, user):
        """The exports ``user`` asked for: nobody downloads another's file."""
        return self.filter(user=user)


class Export(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Being prepared")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="training_exports",
        verbose_name=_("requested by"),
    )
    report = models.CharField(_("report"), max_length=50)
    title = models.CharField(_("title"), max_length=255)
    export_format = models.CharField(_("format"), max_length=4)
    query = models.TextField(_("filters"), blank=True)
    language = models.CharField(_("language"), max_length=10, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    file = models.FileField(_("file"), upload_to=export_path, blank=True)
    rows = models.PositiveIntegerField(_("rows"), null=True, blank=True)
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    objects = ExportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("report export")
        verbose_name_plural = _("report exports")
        indexes = [
            models.Index(fields=["user", "-created_at"], name="export_user_time_idx")
        ]

    def __str__(self):
        return f"{self.title} ({self.export_format})"

    def get_absolute_url(self):
        return reverse("training_reports:export_download", args=[self.pk])

    @property
    def is_ready(self):
        return self.status == self.Status.READY and bool(self.file)
