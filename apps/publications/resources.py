import re
from typing import Any

from django.utils.translation import gettext as _

from apps.imports.registry import annual_file
from apps.imports.resources import AnnualResource, Column
from apps.imports.widgets import BooleanWidget, ChoiceWidget, DateWidget, TextWidget

from .models import Declaration, Publication


class LanguagesWidget(TextWidget):
    """`en|fr|es` in any case, with or without spaces; stored as `en|fr|es`."""

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> str | None:
        text = super().clean(value)
        if not text:
            return None
        codes = [code.strip().lower() for code in text.split("|")]
        if not all(re.fullmatch(r"[a-z]{2,3}", code) for code in codes):
            raise ValueError(_("write language codes separated by |, e.g. en|fr|es"))
        return "|".join(codes)


@annual_file("publications.csv")
class PublicationResource(AnnualResource):
    code = Column(required=True)
    title = Column(required=True)
    kind = Column(widget=ChoiceWidget(Publication.Kind), required=True)
    published_on = Column(widget=DateWidget(), required=True)
    has_gender_perspective = Column(
        "gender_perspective", widget=BooleanWidget(), required=True
    )
    languages = Column(widget=LanguagesWidget())

    class Meta(AnnualResource.Meta):
        model = Publication
        import_id_fields = ("code",)


@annual_file("declarations.csv")
class DeclarationResource(AnnualResource):
    code = Column(required=True)
    title = Column(required=True)
    adopted_on = Column(widget=DateWidget(), required=True)
    role = Column(widget=ChoiceWidget(Declaration.Role), required=True)
    has_gender_perspective = Column(
        "gender_perspective", widget=BooleanWidget(), required=True
    )

    class Meta(AnnualResource.Meta):
        model = Declaration
        import_id_fields = ("code",)
