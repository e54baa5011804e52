from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportRun(models.Model):
    """One run of the annual import, written or not, from the command or the admin."""

    class Origin(models.TextChoices):
        COMMAND = "command", _("Command line")
        ADMIN = "admin", _("Admin")

    class Outcome(models.TextChoices):
        WRITTEN = "written", _("Written")
        CHECKED = "checked", _("Checked (dry run), no error")
        REFUSED = "refused", _("Refused: errors, nothing written")
        RUNNING = "running", _("Running")
        # Its process ended before it could say how it went (killed, or the
        # machine stopped): its transaction was never committed.
        INTERRUPTED = "interrupted", _("Interrupted: nothing written")

    started_at = models.DateTimeField(_("started at"))
    # Empty while the run is running, and when it was interrupted.
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    by = models.CharField(_("by"), max_length=150, blank=True)
    origin = models.CharField(_("origin"), max_length=16, choices=Origin)
    dry_run = models.BooleanField(_("dry run"))
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome)
    error_count = models.PositiveIntegerField(_("errors"))
    # Up to ERRORS_KEPT errors as {"file", "line", "cells", "reason"}; the
    # messages never hold personal values (see Column.personal).
    errors = models.JSONField(_("error report"), default=list, blank=True)

    ERRORS_KEPT = 5000

    class Meta:
        verbose_name = _("import run")
        verbose_name_plural = _("import runs")
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.started_at:%Y-%m-%d %H:%M} {self.get_outcome_display()}"


class ImportedFile(models.Model):
    """A file of an import run, with its checksum and what it held."""

    run = models.ForeignKey(
        ImportRun,
        on_delete=models.CASCADE,
        related_name="files",
        verbose_name=_("import run"),
    )
    name = models.CharField(_("file"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveBigIntegerField(_("bytes"))
    new = models.PositiveIntegerField(_("new"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    error_count = models.PositiveIntegerField(_("errors"), default=0)

    class Meta:
        verbose_name = _("imported file")
        verbose_name_plural = _("imported files")
        ordering = ["run", "pk"]

    def __str__(self) -> str:
        return self.name


class StagedUpload(models.Model):
    """Checked files waiting for their confirmation (see `staging`).

    The files are in the "imports" storage, under the token; this row says
    whose they are and where they stand, so that any app server can claim
    them, once.
    """

    token = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    # The files' names, in the order of the storage's files 0, 1…
    names = models.JSONField(default=list)
    created_at = models.DateTimeField()
    # When the check ended without error: from then on it may be confirmed.
    checked_at = models.DateTimeField(null=True)
    # When a confirmation took it (empty again if that import could not run).
    claimed_at = models.DateTimeField(null=True)
    # When it was imported: its files are gone, the row says so until swept.
    imported_at = models.DateTimeField(null=True)

    def __str__(self) -> str:
        return self.token
