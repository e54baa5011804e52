from apps.imports.registry import annual_file
from apps.imports.resources import AnnualResource, Column
from apps.imports.widgets import ChoiceWidget, DateWidget, NaturalKeyWidget
from apps.members.models import Member

from .models import Programme, ProgrammeMember


@annual_file("programmes.csv")
class ProgrammeResource(AnnualResource):
    code = Column(required=True)
    name = Column(required=True)
    kind = Column(widget=ChoiceWidget(Programme.Kind), required=True)
    role = Column(widget=ChoiceWidget(Programme.Role), required=True)
    starts_on = Column(widget=DateWidget(), required=True)
    ends_on = Column(widget=DateWidget())

    class Meta(AnnualResource.Meta):
        model = Programme
        import_id_fields = ("code",)


@annual_file("programme_members.csv", after=["programmes.csv", "members.csv"])
class ProgrammeMemberResource(AnnualResource):
    programme = Column(
        "programme_code", widget=NaturalKeyWidget(Programme), required=True
    )
    member = Column("member_code", widget=NaturalKeyWidget(Member), required=True)
    joined_on = Column(widget=DateWidget())

    class Meta(AnnualResource.Meta):
        model = ProgrammeMember
        import_id_fields = ("programme", "member")
