from apps.common.choices import GENDER_ALIASES, Gender
from apps.imports.registry import annual_file
from apps.imports.resources import AnnualResource, Column
from apps.imports.widgets import (
    ChoiceWidget,
    CountryWidget,
    DateWidget,
    NaturalKeyWidget,
)

from .models import Mandate, Member


@annual_file("members.csv")
class MemberResource(AnnualResource):
    code = Column(required=True)
    name = Column(required=True)
    city = Column()
    country = Column(widget=CountryWidget(), required=True)
    region = Column()
    category = Column(widget=ChoiceWidget(Member.Category), required=True)
    joined_on = Column(widget=DateWidget(), required=True)
    left_on = Column(widget=DateWidget())

    class Meta(AnnualResource.Meta):
        model = Member
        import_id_fields = ("code",)


@annual_file("mandates.csv", after=["members.csv"])
class MandateResource(AnnualResource):
    member = Column("member_code", widget=NaturalKeyWidget(Member), required=True)
    leader_name = Column(required=True)
    gender = Column(
        widget=ChoiceWidget(Gender, aliases=GENDER_ALIASES, empty=Gender.UNDISCLOSED),
        required=True,
    )
    started_on = Column(widget=DateWidget(), required=True)
    ended_on = Column(widget=DateWidget())

    class Meta(AnnualResource.Meta):
        model = Mandate
        import_id_fields = ("member", "started_on")
