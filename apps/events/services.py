"""Adding many participants to an event at once, from a pasted list."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from simple_history.utils import bulk_create_with_history

from apps.imports.loading import FileLoader
from apps.imports.pasting import pasted_table
from apps.imports.reading import FileError

from .models import Event, Participation
from .resources import ParticipationResource

# The columns of participations.csv a pasted line may give, in their order
# when the list has no header; the event is the page's.
PASTED_COLUMNS = ["participant_ref", "gender", "role", "member_code", "country"]
# Errors listed under the box; more are only counted.
SHOWN_ERRORS = 50


@dataclass
class PastedParticipants:
    """The participations a pasted list holds, or what is wrong with it."""

    participations: list[Participation] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def read_participants(event: Event, text: str) -> PastedParticipants:
    """Check a pasted list of participants of `event`, as participations.csv's rows.

    Every line is judged by the annual file's own widgets and rules (gender
    aliases, codes, one line per person); a person already taking part in the
    event is an error too. Errors name the line and the column, never the
    person's e-mail or number.
    """
    table = pasted_table(text, columns=PASTED_COLUMNS, given={"event_code": event.code})
    loader = FileLoader(ParticipationResource, table)
    result = PastedParticipants()
    try:
        checked = loader.check()
    except FileError as error:
        result.errors.append(str(error))
        return result
    keys = [values["participant_key"] for _row, values, _key in checked]
    present = set(
        event.participations.filter(participant_key__in=keys).values_list(
            "participant_key", flat=True
        )
    )
    errors = [(e.line or 0, e.reason, e.cells) for e in loader.report.errors]
    for row, values, _key in checked:
        if values["participant_key"] in present:
            cells: tuple[tuple[str, str], ...] = (("participant_ref", "(hidden)"),)
            errors.append(
                (row.line, _("This person already takes part in this event."), cells)
            )
        else:
            result.participations.append(Participation(**values))
    errors.sort(key=lambda error: error[0])
    for line, reason, cells in errors[:SHOWN_ERRORS]:
        where = " ".join([_("line %(line)s") % {"line": line}, *_cells(cells)])
        result.errors.append(f"{where}: {reason}")
    more = len(errors) - SHOWN_ERRORS + loader.report.more_errors
    if more > 0:
        result.errors.append(
            ngettext("and %(count)s more error", "and %(count)s more errors", more)
            % {"count": more}
        )
    return result


def _cells(cells: tuple[tuple[str, str], ...]) -> list[str]:
    # The event is the page's, not the list's: not worth repeating.
    return [f"{column}={value}" for column, value in cells if column != "event_code"]


def add_participants(participations: list[Participation], *, user) -> bool:
    """Write checked participations at once, each with its history entry.

    Return False, having written none, when one of these people was added to
    the event meanwhile, by someone else, after the list was checked.
    """
    try:
        with transaction.atomic():
            bulk_create_with_history(participations, Participation, default_user=user)
    except IntegrityError:
        return False
    return True
