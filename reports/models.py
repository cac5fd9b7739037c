from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Manager, Q
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from accounts.models import Program


class ImportKind(models.TextChoices):
    VOLUNTEERS = "volunteers", _("Volunteers")
    NEWCOMERS = "newcomers", _("Newcomers")


class PublishedReport(models.Model):  # type: ignore[django-manager-missing]  # scoped managers
    """A programme's impact report for a year as it was published: a snapshot.

    `figures` holds the suppressed figures (see `reports.suppression`) computed at publish
    time, so later changes of the data, or a person's erasure, never alter what the public
    saw; publishing again refreshes it. Named ambassadors are kept with their volunteer id so
    that a withdrawn consent takes them off the page at once (see `reports.selectors`).
    """

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="reports")
    year = models.PositiveSmallIntegerField(_("year"))
    figures = models.JSONField(default=dict)
    published_at = models.DateTimeField(_("published at"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    # The coordinators' view; `public` serves the anonymous report pages by slug and year.
    objects: ClassVar[Manager[PublishedReport]] = ScopedManager(program="program")
    public: Manager[PublishedReport] = Manager()

    class Meta:
        verbose_name = _("published impact report")
        verbose_name_plural = _("published impact reports")
        ordering = ["-year", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["program", "year"], name="report_once_per_year"),
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2999), name="report_year_plausible"
            ),
        ]

    def __str__(self) -> str:
        return f"impact report {self.year} of programme {self.program_id}"


class ImportBatch(models.Model):  # type: ignore[django-manager-missing]
    """An uploaded spreadsheet kept between the dry run and the coordinator's confirmation.

    It holds personal data, so it lives only as long as it must: the confirmed import deletes
    it, and batches older than `reports.services.IMPORT_BATCH_HOURS` are deleted whenever a
    new one is staged.
    """

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="import_batches")
    kind = models.CharField(_("kind"), max_length=20, choices=ImportKind.choices)
    file_name = models.CharField(max_length=200, blank=True)
    # The decoded text (UTF-8 whatever the upload's encoding), parsed again on confirmation.
    content = models.TextField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects: ClassVar[Manager[ImportBatch]] = ScopedManager(program="program")

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"import batch #{self.pk} ({self.kind})"
