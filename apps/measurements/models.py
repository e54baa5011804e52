from __future__ import annotations

import datetime as dt

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from apps.common.constraints import one_of
from apps.common.history import RecordHistory
from apps.common.numbers import format_count

CODE_VALIDATOR = RegexValidator(
    r"^[a-z0-9_]+$",
    _("Use lower-case letters, digits and _ only (it becomes part of a code)."),
)
FOLLOWERS = "followers"
CODE_LENGTH = 40


class SourceKind(models.TextChoices):
    SOCIAL_NETWORK = "social_network", _("Social network")
    PLATFORM = "platform", _("Platform")
    INITIATIVE = "initiative", _("Initiative")


class Source(models.Model):
    """An outside platform that reports counts (a social network, a platform…)."""

    Kind = SourceKind

    code = models.CharField(
        _("code"), max_length=CODE_LENGTH, unique=True, validators=[CODE_VALIDATOR]
    )
    kind = models.CharField(_("kind"), max_length=16, choices=SourceKind)

    history = RecordHistory()

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        ordering = ["kind", "code"]
        constraints = [
            models.CheckConstraint(
                condition=one_of("kind", SourceKind.values), name="source_kind_valid"
            )
        ]

    def __str__(self) -> str:
        return self.code


class MetricQuerySet(models.QuerySet):
    def with_latest_value_on(self, day: dt.date) -> MetricQuerySet:
        """Annotate each metric with its latest value on or before `day`."""
        latest = Measurement.objects.filter(metric=OuterRef("pk"), as_of__lte=day)
        return self.annotate(
            latest_value=Subquery(latest.order_by("-as_of").values("value")[:1]),
            latest_as_of=Subquery(latest.order_by("-as_of").values("as_of")[:1]),
        )

    def followers(self) -> MetricQuerySet:
        return self.filter(code=FOLLOWERS, source__kind=SourceKind.SOCIAL_NETWORK)

    def reported(self) -> MetricQuerySet:
        """The metrics that are indicators by themselves: not social networks'."""
        return self.exclude(source__kind=SourceKind.SOCIAL_NETWORK)


class Metric(models.Model):
    """One count a source reports (followers, practices, cities…)."""

    source = models.ForeignKey(
        Source,
        on_delete=models.CASCADE,
        related_name="metrics",
        verbose_name=_("source"),
        db_index=False,  # the unique (source, code) index serves it
    )
    code = models.CharField(
        _("code"), max_length=CODE_LENGTH, validators=[CODE_VALIDATOR]
    )

    objects = MetricQuerySet.as_manager()
    history = RecordHistory()

    class Meta:
        verbose_name = _("metric")
        verbose_name_plural = _("metrics")
        ordering = ["source", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "code"], name="metric_once_per_source"
            )
        ]

    def __str__(self) -> str:
        return f"{self.source.code}.{self.code}"

    @property
    def key(self) -> tuple[str, str]:
        """The (source code, metric code) pair that names the metric."""
        return (self.source.code, self.code)

    @property
    def indicator_code(self) -> str:
        return f"reported.{self.source.code}.{self.code}"


class Measurement(models.Model):
    """A count reported by a source on a date."""

    metric = models.ForeignKey(
        Metric,
        on_delete=models.CASCADE,
        related_name="measurements",
        verbose_name=_("metric"),
        db_index=False,  # the unique (metric, as_of) index serves it
    )
    as_of = models.DateField(_("as of"))
    value = models.PositiveBigIntegerField(_("value"))

    history = RecordHistory()

    class Meta:
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        ordering = ["metric", "-as_of"]
        get_latest_by = "as_of"
        constraints = [
            models.UniqueConstraint(
                fields=["metric", "as_of"],
                name="measurement_once_per_metric_and_day",
                violation_error_message=_("This metric already has a value that day."),
            ),
            models.CheckConstraint(
                condition=Q(value__gte=0), name="measurement_value_not_negative"
            ),
        ]

    def __str__(self) -> str:
        # Translators: a reading, "12,345 on 1 June 2021".
        return _("%(value)s on %(date)s") % {
            "value": format_count(self.value),
            "date": formats.date_format(self.as_of, "DATE_FORMAT"),
        }


# The languages a name is written in; English is the one others fall back to.
NAME_LANGUAGES = ("en", "fr", "es")
FALLBACK_LANGUAGE = "en"


class Name(models.Model):
    """What a source, or one of its metrics, is called and means, in each language.

    The columns are written by hand rather than added by a translation
    library: README.md ("Names in three languages") says why.
    """

    source = models.ForeignKey(
        Source,
        on_delete=models.CASCADE,
        related_name="names",
        verbose_name=_("source"),
        db_index=False,  # the unique (source, metric) index serves it
    )
    metric = models.CharField(
        _("metric"),
        max_length=CODE_LENGTH,
        blank=True,
        validators=[CODE_VALIDATOR],
        help_text=_("A metric's code; empty for the source itself."),
    )
    name_en = models.CharField(_("name in English"), max_length=120, blank=True)
    name_fr = models.CharField(_("name in French"), max_length=120, blank=True)
    name_es = models.CharField(_("name in Spanish"), max_length=120, blank=True)
    definition_en = models.TextField(_("definition in English"), blank=True)
    definition_fr = models.TextField(_("definition in French"), blank=True)
    definition_es = models.TextField(_("definition in Spanish"), blank=True)

    history = RecordHistory()

    class Meta:
        verbose_name = _("name")
        verbose_name_plural = _("names")
        ordering = ["source", "metric"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "metric"],
                name="name_once_per_source_and_metric",
                violation_error_message=_("This source or metric is already named."),
            )
        ]

    def __str__(self) -> str:
        return self.name_en or self.metric or "—"
