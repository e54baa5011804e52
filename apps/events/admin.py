from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from apps.common.admin import HistoryAdmin
from apps.common.admin_base import TabularInline

from .forms import ParticipationForm
from .models import Event, Participation


class ParticipationInline(TabularInline):
    model = Participation
    extra = 0
    fields = ("participant_key", "gender", "role", "member", "country")
    readonly_fields = ("participant_key",)
    autocomplete_fields = ("member",)
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:
        # New people come with their identifier: the participations list's
        # add form or a file, which hash it.
        return False


@admin.register(Event)
class EventAdmin(HistoryAdmin):
    list_display = (
        "code",
        "title",
        "kind",
        "role",
        "format",
        "starts_on",
        "participation_count",
    )
    list_filter = ("kind", "role", "format", "scope", "statutory_body", "starts_on")
    search_fields = ("code", "title")
    date_hierarchy = "starts_on"
    list_select_related = ("parent",)
    autocomplete_fields = ("parent",)
    fields = (
        ("code", "title"),
        ("kind", "role"),
        ("format", "scope"),
        "statutory_body",
        ("starts_on", "ends_on"),
        "parent",
    )
    inlines = [ParticipationInline]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.resolver_match and request.resolver_match.url_name.endswith(
            "changelist"
        ):
            queryset = queryset.annotate(n_participations=Count("participations"))
        return queryset

    @admin.display(description=_("participations"), ordering="n_participations")
    def participation_count(self, event: Event) -> int:
        return event.n_participations


@admin.register(Participation)
class ParticipationAdmin(HistoryAdmin):
    form = ParticipationForm
    list_display = ("event", "role", "gender", "member", "country")
    list_filter = ("gender", "role", "event__kind", "event__role", "event__starts_on")
    search_fields = ("event__code", "event__title", "member__code", "member__name")
    list_select_related = ("event", "member")
    autocomplete_fields = ("event", "member")

    def get_fields(self, request, obj=None):
        person = "participant_key" if obj else "participant_ref"
        return ("event", person, "gender", "role", "member", "country")

    def get_readonly_fields(self, request, obj=None):
        return ("participant_key",) if obj else ()
