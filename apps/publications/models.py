from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.common.constraints import one_of
from apps.common.history import RecordHistory
from apps.indicators.periods import Period, dated_within

LANGUAGES_PATTERN = re.compile(r"^[a-z]{2,3}(\|[a-z]{2,3})*$")


def validate_languages(value: str) -> None:
    if value and not LANGUAGES_PATTERN.match(value):
        raise ValidationError(
            _("Write language codes separated by |, e.g. en|fr|es."),
            code="invalid_languages",
        )


class PublicationKind(models.TextChoices):
    REPORT = "report", _("Report")
    STUDY = "study", _("Study")
    POLICY_BRIEF = "policy_brief", _("Policy brief")
    ARTICLE = "article", _("Article")
    GUIDE = "guide", _("Guide")
    LEARNING_PRODUCT = "learning_product", _("Learning product")


class PublicationQuerySet(models.QuerySet):
    def published_during(self, period: Period) -> PublicationQuerySet:
        return self.filter(dated_within(period, "published_on"))

    def learning_products(self) -> PublicationQuerySet:
        return self.filter(kind=PublicationKind.LEARNING_PRODUCT)

    def other_than_learning_products(self) -> PublicationQuerySet:
        return self.exclude(kind=PublicationKind.LEARNING_PRODUCT)


class Publication(models.Model):
    Kind = PublicationKind

    code = models.CharField(_("code"), max_length=32, unique=True)
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=PublicationKind)
    published_on = models.DateField(_("published on"))
    has_gender_perspective = models.BooleanField(_("gender perspective"))
    languages = models.CharField(
        _("languages"),
        max_length=60,
        blank=True,
        validators=[validate_languages],
        help_text=_("Language codes separated by |, e.g. en|fr|es."),
    )

    objects = PublicationQuerySet.as_manager()
    history = RecordHistory()

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        ordering = ["-published_on", "code"]
        constraints = [
            models.CheckConstraint(
                condition=one_of("kind", PublicationKind.values),
                name="publication_kind_valid",
            )
        ]
        indexes = [models.Index(fields=["published_on", "kind"])]

    def __str__(self) -> str:
        return self.title


class DeclarationRole(models.TextChoices):
    CONTRIBUTED = "contributed", _("Contributed")
    ENDORSED = "endorsed", _("Endorsed")
    BOTH = "both", _("Contributed and endorsed")


class DeclarationQuerySet(models.QuerySet):
    def adopted_during(self, period: Period) -> DeclarationQuerySet:
        return self.filter(dated_within(period, "adopted_on"))


class Declaration(models.Model):
    """A political declaration the association contributed to or endorsed."""

    Role = DeclarationRole

    code = models.CharField(_("code"), max_length=32, unique=True)
    title = models.CharField(_("title"), max_length=300)
    adopted_on = models.DateField(_("adopted on"))
    role = models.CharField(
        _("role of the association"), max_length=16, choices=DeclarationRole
    )
    has_gender_perspective = models.BooleanField(_("gender perspective"))

    objects = DeclarationQuerySet.as_manager()
    history = RecordHistory()

    class Meta:
        verbose_name = _("declaration")
        verbose_name_plural = _("declarations")
        ordering = ["-adopted_on", "code"]
        constraints = [
            models.CheckConstraint(
                condition=one_of("role", DeclarationRole.values),
                name="declaration_role_valid",
            )
        ]
        indexes = [models.Index(fields=["adopted_on"])]

    def __str__(self) -> str:
        return self.title
