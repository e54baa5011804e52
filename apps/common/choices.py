"""Vocabularies shared by several domain apps."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Gender(models.TextChoices):
    WOMAN = "woman", _("Woman")
    MAN = "man", _("Man")
    NON_BINARY = "non_binary", _("Non-binary")
    UNDISCLOSED = "undisclosed", _("Undisclosed")


# Spellings found in the secretariat's files, in its three languages.
GENDER_ALIASES = {
    "f": Gender.WOMAN,
    "female": Gender.WOMAN,
    "women": Gender.WOMAN,
    "femme": Gender.WOMAN,
    "mujer": Gender.WOMAN,
    "w": Gender.WOMAN,
    "m": Gender.MAN,
    "h": Gender.MAN,
    "male": Gender.MAN,
    "men": Gender.MAN,
    "homme": Gender.MAN,
    "hombre": Gender.MAN,
    "nb": Gender.NON_BINARY,
    "non-binary": Gender.NON_BINARY,
    "non binary": Gender.NON_BINARY,
    "non-binaire": Gender.NON_BINARY,
    "no binario": Gender.NON_BINARY,
    "x": Gender.NON_BINARY,
    "unknown": Gender.UNDISCLOSED,
    "not disclosed": Gender.UNDISCLOSED,
    "prefer not to say": Gender.UNDISCLOSED,
    "non communiqué": Gender.UNDISCLOSED,
    "no comunicado": Gender.UNDISCLOSED,
}
