"""The records behind a number, as a table and as their annual file."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Model, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from apps.imports.registry import annual_files
from apps.imports.resources import AnnualResource

from .registry import Indicator, evaluation, registry

PAGE_SIZE = 50


@dataclass
class RecordPage:
    headers: list[str]
    rows: list[tuple[list[str], str | None]]  # cells, admin link
    page: Page
    counted: Sequence[str] = ()  # the headers of the columns the number reads

    @property
    def columns(self) -> list[tuple[str, bool]]:
        """Return each header, and whether the number counts or filters on it."""
        return [(header, header in self.counted) for header in self.headers]

    @property
    def table(self) -> Iterator[tuple[list[tuple[str, bool]], str | None]]:
        """Yield each row's cells paired with their column's highlighting."""
        marks = [counted for _, counted in self.columns]
        for cells, admin_url in self.rows:
            yield list(zip(cells, marks, strict=True)), admin_url


def resource_for(queryset: QuerySet) -> AnnualResource:
    resource = annual_files.for_model(queryset.model)
    if resource is None:
        raise LookupError(f"No annual file holds {queryset.model.__name__} records.")
    return resource()


def headers(resource: AnnualResource, extra_columns: Sequence[str] = ()) -> list[str]:
    """Return the annual file's headers, then the extra columns' (marked "#",
    which an import ignores, so that a download can be imported again)."""
    return [column.column_name for column in resource.export_columns()] + [
        extra_header(name) for name in extra_columns
    ]


def extra_header(name: str) -> str:
    return f"#{name}"


def record_page(
    queryset: QuerySet,
    number: Any,
    *,
    admin_links: bool,
    extra_columns: Sequence[str] = (),
    counted: Sequence[str] = (),
    count: int | None = None,
) -> RecordPage:
    """Return one page of records, as the cells of their annual file and the
    extra columns; dates are shown in the reader's language. `count`, when
    known already, spares counting the records again."""
    resource = resource_for(queryset)
    records = resource.export_queryset(queryset).order_by("pk")
    paginator = Paginator(records, PAGE_SIZE)
    if count is not None:
        paginator.count = count  # a cached property: set, it is not queried
    page = paginator.get_page(number)
    rows = [
        (
            _shown_cells(resource, record, extra_columns),
            _admin_url(record) if admin_links else None,
        )
        for record in page.object_list
    ]
    marked = [extra_header(name) if name in extra_columns else name for name in counted]
    return RecordPage(headers(resource, extra_columns), rows, page, marked)


def all_records(queryset: QuerySet, extra_columns: Sequence[str] = ()):
    """Yield every record's cells, for a download (streamed, in batches), in
    the annual file's format: ISO dates and codes."""
    resource = resource_for(queryset)
    yield headers(resource, extra_columns)
    records = resource.export_queryset(queryset).order_by("pk")
    for record in records.iterator(chunk_size=2000):
        yield resource.export_cells(record) + [
            _file_cell(getattr(record, name)) for name in extra_columns
        ]


def _file_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _shown_cell(value: Any) -> str | None:
    """Return a date in the reader's language (None for anything else)."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return formats.date_format(value, "DATE_FORMAT")
    return None


def _shown_cells(
    resource: AnnualResource, record: Model, extra_columns: Sequence[str]
) -> list[str]:
    cells = resource.export_cells(record)
    for index, column in enumerate(resource.export_columns()):
        if column.virtual:
            continue
        shown = _shown_cell(getattr(record, column.attribute, None))
        if shown is not None:
            cells[index] = shown
    for name in extra_columns:
        value = getattr(record, name)
        cells.append(_shown_cell(value) or _file_cell(value))
    return cells


def _admin_url(record: Model) -> str | None:
    meta = record._meta
    try:
        return reverse(
            f"admin:{meta.app_label}_{meta.model_name}_change", args=[record.pk]
        )
    except NoReverseMatch:
        return None


@dataclass
class Gap:
    """Records some counters had to leave out of a year, and why."""

    reason: str
    indicators: list[Indicator]
    count: int
    admin_url: str | None


ADMIN_LINK_LIMIT = 500


def data_gaps(year: int) -> list[Gap]:
    """Return, for a year, each kind of record left out of counters."""
    from .results import report_period

    period = report_period(year)
    gaps: dict[str, Gap] = {}
    with evaluation():
        for indicator in registry.all():
            if indicator.left_out_records_of is None:
                continue
            reason = str(indicator.left_out_reason)
            if reason in gaps:
                gaps[reason].indicators.append(indicator)
                continue
            records = indicator.left_out_records_of(period)
            pks = list(records.values_list("pk", flat=True)[: ADMIN_LINK_LIMIT + 1])
            count = indicator.left_out_of(period) if indicator.left_out_of else len(pks)
            gaps[reason] = Gap(reason, [indicator], count, _changelist(records, pks))
        return [*gaps.values(), *_names_missing()]


# A figure named by data whose name lacks a language shows the English one.
NO_NAME_IN = {
    "en": _("No English name (the code is shown)"),
    "fr": _("No French name"),
    "es": _("No Spanish name"),
}


def _names_missing() -> list[Gap]:
    """Return, per language, the figures whose name is not written in it."""
    gaps = []
    for language, reason in NO_NAME_IN.items():
        unnamed = [i for i in registry.all() if language in i.names_missing]
        if not unnamed:
            continue
        records = {i.names_record.pk: i.names_record for i in unnamed}
        model = next(iter(records.values()))._meta.model
        url = _changelist(model._default_manager.all(), sorted(records))
        gaps.append(Gap(str(reason), unnamed, len(unnamed), url))
    return gaps


def _changelist(records: QuerySet, pks: list[int]) -> str | None:
    """Return the admin list of those records (for up to 500 of them)."""
    if not pks or len(pks) > ADMIN_LINK_LIMIT:
        return None
    meta = records.model._meta
    try:
        url = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
    except NoReverseMatch:
        return None
    return f"{url}?id__in={','.join(map(str, pks))}"


@dataclass
class ChangesSince:
    """What may have moved a figure since its publication."""

    published_at: Any
    imports: list  # ImportRun written since
    edits: list  # admin LogEntry on the records' model since


CHANGES_SHOWN = 50


def changes_since(edition, model: type[Model] | None) -> ChangesSince:
    """Return the imports written and the admin edits made since an edition."""
    from django.contrib.admin.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    from apps.imports.models import ImportRun

    imports = list(
        ImportRun.objects.filter(
            outcome=ImportRun.Outcome.WRITTEN, started_at__gte=edition.published_at
        )
        .prefetch_related("files")
        .order_by("-started_at")[:CHANGES_SHOWN]
    )
    edits = []
    if model is not None:
        edits = list(
            LogEntry.objects.filter(
                content_type=ContentType.objects.get_for_model(model),
                action_time__gte=edition.published_at,
            )
            .select_related("user")
            .order_by("-action_time")[:CHANGES_SHOWN]
        )
    return ChangesSince(edition.published_at, imports, edits)
