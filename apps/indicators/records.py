"""The records behind a number, as a table and as their annual file."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, cast

from django.core.exceptions import FieldError
from django.core.paginator import Page, Paginator
from django.db.models import (
    DecimalField,
    Field,
    FloatField,
    IntegerField,
    Model,
    QuerySet,
)
from django.db.models.constants import LOOKUP_SEP
from django.urls import NoReverseMatch, reverse
from django.utils import formats
from django.utils.text import capfirst
from django.utils.translation import get_language_info, gettext
from django.utils.translation import gettext_lazy as _

from apps.common.numbers import format_stored_number, is_year
from apps.imports.registry import annual_files
from apps.imports.resources import AnnualResource

from .indicator import Indicator
from .memo import evaluation
from .registry import registry

PAGE_SIZE = 50


class SerialNumberField(IntegerField):
    """An integer that names a row rather than counts (a participant's
    number): written as it is, never grouped nor aligned as a quantity."""


@dataclass(frozen=True)
class TableColumn:
    """A column of a drill-down table.

    `name` is its header in the annual file (`event_code`, `#leader_name`),
    `header` what the reader reads (the field's verbose name), `field` the
    model field (or annotation's output field) whose values it shows.
    """

    name: str
    header: str
    field: Field | None = None
    counted: bool = False  # the number counts or filters on it

    @property
    def numeric(self) -> bool:
        """Whether the column holds quantities (aligned as numbers)."""
        field = self.field
        return (
            isinstance(field, IntegerField | DecimalField | FloatField)
            and not field.choices
            and not is_year(field)
            and not isinstance(field, SerialNumberField)
        )

    @property
    def classes(self) -> str:
        return " ".join(
            name
            for name, wanted in (("counted", self.counted), ("number", self.numeric))
            if wanted
        )


@dataclass
class RecordPage:
    columns: list[TableColumn]
    rows: list[tuple[list[str], str | None]]  # shown cells, admin link
    page: Page
    left_out: list[str]  # personal columns: the download cannot be imported

    @property
    def headers(self) -> list[str]:
        return [column.header for column in self.columns]

    @property
    def counted(self) -> list[str]:
        """Return the file's names of the columns the number reads."""
        return [column.name for column in self.columns if column.counted]

    @property
    def table(self) -> Iterator[tuple[list[tuple[str, TableColumn]], str | None]]:
        """Yield each row's cells paired with their column."""
        for cells, admin_url in self.rows:
            yield list(zip(cells, self.columns, strict=True)), admin_url


def resource_for(queryset: QuerySet) -> AnnualResource:
    resource = annual_files.for_model(queryset.model)
    if resource is None:
        raise LookupError(f"No annual file holds {queryset.model.__name__} records.")
    return resource()


def headers(resource: AnnualResource, extra_columns: Sequence[str] = ()) -> list[str]:
    """Return the annual file's headers but personal ones, then the extra
    columns' (marked "#", which an import ignores, so that a download without
    personal columns can be imported again)."""
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
    """Return one page of records for the reader: the annual file's columns,
    then the extra ones, headed by their fields' verbose names, with choice
    labels and numbers and dates written for the reader's language. `count`,
    when known already, spares counting the records again."""
    resource = resource_for(queryset)
    records = resource.export_queryset(queryset).order_by("pk")
    columns = table_columns(resource, records, extra_columns, counted)
    paginator = Paginator(records, PAGE_SIZE)
    if count is not None:
        paginator.count = count  # a cached property: set, it is not queried
    page = paginator.get_page(number)
    rows = [
        (
            _shown_cells(resource, record, columns, extra_columns),
            _admin_url(record) if admin_links else None,
        )
        for record in page.object_list
    ]
    left_out = [name for name, column in resource.columns().items() if column.personal]
    return RecordPage(columns, rows, page, left_out)


def all_records(queryset: QuerySet, extra_columns: Sequence[str] = ()):
    """Yield every record's cells, for a download (streamed, in batches), in
    the annual file's format: codes, ISO dates and plain numbers, so that it
    can be corrected and imported again (unless a personal column, never
    downloaded, is part of the file)."""
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


def table_columns(
    resource: AnnualResource,
    records: QuerySet,
    extra_columns: Sequence[str] = (),
    counted: Sequence[str] = (),
) -> list[TableColumn]:
    """Return the columns of a table of records, headed for the reader."""
    model = resource._meta.model
    columns = []
    for column in resource.export_columns():
        path = column.shows or ("" if column.virtual else column.attribute)
        field = _field_at(model, path) if path else None
        header = column.verbose_name or (field and field.verbose_name)
        columns.append(
            TableColumn(
                column.column_name,
                capfirst(str(header or column.column_name)),
                field,
                column.column_name in counted,
            )
        )
    for name in extra_columns:
        field = _annotation_field(records, name)
        header = capfirst(str((field and field.verbose_name) or name))
        columns.append(TableColumn(extra_header(name), header, field, name in counted))
    return columns


def _field_at(model: type[Model], path: str) -> Field:
    """Return the field at the end of a path such as "metric__source__kind"."""
    *relations, name = path.split(LOOKUP_SEP)
    # The columns name forward fields through relations, never a reverse
    # relation or a generic key; a relation's model is loaded (not "self").
    for relation in relations:
        model = cast(type[Model], model._meta.get_field(relation).related_model)
    return cast(Field, model._meta.get_field(name))


def _annotation_field(records: QuerySet, name: str) -> Field | None:
    """Return the field an annotation's values come from (the event's date
    of a participation…), which names and labels them."""
    expression = records.query.annotations.get(name)
    try:
        return expression.output_field if expression is not None else None
    except FieldError:
        return None


def shown(value: Any, field: Field | None = None) -> str:
    """Return a value as a table shows it, in the reader's language: a
    choice's label, Yes or No, a date, a grouped number (an amount with its
    currency, a year as it is), a list of languages by their names."""
    if value is None or value == "":
        return ""
    name = getattr(field, "name", None) or ""
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if (label_of := getattr(field, "label_of", None)) is not None:
        return str(label_of(value))  # a value named for the reader (a region)
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return formats.date_format(value, "DATE_FORMAT")
    if name == "languages":
        return ", ".join(_language_name(code) for code in str(value).split("|"))
    if isinstance(field, SerialNumberField):
        return str(value)
    number = format_stored_number(value, field)
    return str(value) if number is None else number


def _language_name(code: str) -> str:
    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        return code


def _shown_cells(
    resource: AnnualResource,
    record: Model,
    columns: list[TableColumn],
    extra_columns: Sequence[str],
) -> list[str]:
    """Return a record's cells as shown: the file's cells, read again from
    the record's fields (a reference stays the code the file writes)."""
    values: list[Any] = resource.export_cells(record)
    for index, column in enumerate(resource.export_columns()):
        field = columns[index].field
        if field is not None and not field.is_relation:
            values[index] = _value_at(record, column.shows or column.attribute)
    values += [getattr(record, name) for name in extra_columns]
    return [shown(value, col.field) for value, col in zip(values, columns, strict=True)]


def _value_at(record: Model, path: str) -> Any:
    value = record
    for name in path.split(LOOKUP_SEP):
        value = getattr(value, name)
    return value


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
