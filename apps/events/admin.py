from typing import Any, cast

from django.contrib import admin, messages
from django.db.models import Count
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from apps.common.admin import HistoryAdmin, is_version_page
from apps.common.admin_base import TabularInline

from .forms import EventForm, ParticipationForm
from .models import Event, Participation
from .services import PASTED_COLUMNS, add_participants

ADDED_MEANWHILE = _(
    "Nobody was added: some of these people were added to the event meanwhile. "
    "Paste the list again to see which."
)
PASTE_HINT = _(
    "One participant per line: e-mail or registration number, gender, role, "
    "member code, country; only the first two are needed. Separate them with "
    "commas, semicolons or tabs, as in participations.csv; a first line naming "
    "the columns (%(columns)s) may give them in another order. The lines are "
    "checked like the file's: if one is wrong, nobody is added. E-mails and "
    "numbers are stored only as a keyed hash."
)


class ParticipationInline(TabularInline):
    # A participant is a row: its key is private, never shown.
    model = Participation
    extra = 0
    fields = ("gender", "role", "member", "country")
    # A member is changed on the participation's own page: an autocomplete
    # per row would cost a query per row. So is a country: a select of 249
    # per row would weigh on an event of a few hundred people.
    readonly_fields = ("member", "country")
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("member")

    def has_add_permission(self, request, obj=None) -> bool:
        # New people come with their identifier, which is hashed: the
        # event's list of participants to add (EventForm), the participations'
        # add form or a file.
        return False


@admin.register(Event)
class EventAdmin(HistoryAdmin):
    form = EventForm
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

    def get_fieldsets(self, request, obj=None):
        fieldsets: list[tuple[str | Promise | None, dict[str, Any]]] = [
            (None, {"fields": self.fields})
        ]
        if obj is not None and self._may_add_participants(request, obj):
            hint = format_html(
                '{} <a href="{}?event={}">{}</a>',
                PASTE_HINT % {"columns": ", ".join(PASTED_COLUMNS)},
                reverse("admin:events_participation_add"),
                obj.pk,
                _("Or add one participant on its own page."),
            )
            fieldsets.append(
                (
                    _("Add participants"),
                    {"fields": ["new_participants"], "description": hint},
                )
            )
        return fieldsets

    def _may_add_participants(self, request, obj) -> bool:
        # Not on a version's page: reverting the event adds nobody.
        return (
            not is_version_page(request)
            and self.has_change_permission(request, obj)
            and request.user.has_perm("events.add_participation")
        )

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        added = form.pasted.participations
        if added and self._may_add_participants(request, form.instance):
            if not add_participants(added, user=request.user):
                self.message_user(request, ADDED_MEANWHILE, messages.ERROR)
                return
            self.message_user(
                request,
                ngettext(
                    "%(count)s participant added.",
                    "%(count)s participants added.",
                    len(added),
                )
                % {"count": len(added)},
            )

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.resolver_match and request.resolver_match.url_name.endswith(
            "changelist"
        ):
            queryset = queryset.annotate(n_participations=Count("participations"))
        return queryset

    @admin.display(description=_("participations"), ordering="n_participations")
    def participation_count(self, event: Event) -> int:
        # Annotated by get_queryset: unknown to the model's type.
        return cast(Any, event).n_participations


@admin.register(Participation)
class ParticipationAdmin(HistoryAdmin):
    form = ParticipationForm
    list_display = ("event", "role", "gender", "member", "country")
    list_filter = ("gender", "role", "event__kind", "event__role", "event__starts_on")
    search_fields = ("event__code", "event__title", "member__code", "member__name")
    list_select_related = ("event", "member")
    autocomplete_fields = ("event", "member")

    def get_fields(self, request, obj=None):
        # The person's key is private: only a new participation names its person.
        person = () if obj else ("participant_ref",)
        return ("event", *person, "gender", "role", "member", "country")
