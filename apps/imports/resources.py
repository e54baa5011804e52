"""The base of every annual file's resource (docs/csv-formats.md).

A domain app describes one CSV file with a subclass in its `resources.py`::

    @annual_file("mandates.csv", after=["members.csv"])
    class MandateResource(AnnualResource):
        member = Column("member_code", widget=NaturalKeyWidget(Member), required=True)
        ...

The columns are django-import-export `Field`s with their widgets, a
declarative schema: the annual import parses cells with them (and writes in
bulk itself), and the admin's export action renders records back in the
file's format (`export_cells`). `docs/architecture.md` shows where this sits.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.db.models import QuerySet
from import_export import fields, resources

from .widgets import TextWidget


class CellError(ValueError):
    """A row-level rule broken by the cell of `column` (see `finish_row`)."""

    def __init__(self, column: str, message: str) -> None:
        super().__init__(message)
        self.column = column


class Column(fields.Field):
    """A column of an annual file.

    `required` columns need a value in every row; the values of `personal`
    columns (a participant's e-mail…) are never repeated in error messages;
    a `virtual` column fills no model field by itself: the resource's
    `finish_row` turns its value into fields (a code that names a member or
    an alliance, say).

    A drill-down heads a column with its model field's verbose name and
    shows the field's choice labels; a virtual column names instead the
    field its cells write (`shows`, a path such as "metric__source__kind"),
    or a `verbose_name` when no single field holds them.
    """

    def __init__(
        self,
        column_name: str | None = None,
        *,
        attribute: str | None = None,
        widget: Any = None,
        required: bool = False,
        personal: bool = False,
        virtual: bool = False,
        shows: str = "",
        verbose_name: Any = None,
    ) -> None:
        super().__init__(
            attribute=attribute, column_name=column_name, widget=widget or TextWidget()
        )
        self.required = required
        self.personal = personal
        self.virtual = virtual
        self.shows = shows
        self.verbose_name = verbose_name


class AnnualResource(resources.Resource):
    """An annual file: its columns, declared in the file's order.

    A plain `Resource`, not a `ModelResource`: the file has the columns it
    declares and no others, where a `ModelResource` would add every model
    field and put the declared ones in the model's order.
    """

    file_name: ClassVar[str] = ""
    depends_on: ClassVar[tuple[str, ...]] = ()

    class Meta:
        """Each file sets `model` and `import_id_fields` (the natural key)."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        for name, field in cls.fields.items():
            if field.attribute is None:
                field.attribute = name

    def columns(self) -> dict[str, Column]:
        """Return the file's columns by header name, in declaration order."""
        return {
            field.column_name: field
            for field in self.fields.values()
            if isinstance(field, Column)
        }

    def key_columns(self) -> list[Column]:
        """Return the columns of the natural key, in key order."""
        return [self.fields[name] for name in self._meta.import_id_fields]

    def key_attnames(self) -> list[str]:
        """Return the model attributes that identify a row's record.

        By default those of the key columns; a resource whose key columns are
        virtual names the fields its `finish_row` sets instead.
        """
        model = self._meta.model
        return [
            model._meta.get_field(column.attribute).attname
            for column in self.key_columns()
        ]

    def export_columns(self) -> list[Column]:
        """Return the columns a download shows: all but personal ones."""
        return [c for c in self.columns().values() if not c.personal]

    def export_queryset(self, queryset: QuerySet) -> QuerySet:
        """Join the records each exported reference names, in the same query."""
        model = self._meta.model
        related = [
            column.attribute
            for column in self.export_columns()
            if not column.virtual
            and model._meta.get_field(column.attribute).is_relation
        ]
        return queryset.select_related(*related, *self.export_related)

    export_related: ClassVar[tuple[str, ...]] = ()

    def export_cells(self, record: Any) -> list[str]:
        """Return a record as the cells of its annual file (a round trip)."""
        names = {field: name for name, field in self.fields.items()}
        cells = []
        for column in self.export_columns():
            dehydrate = getattr(self, f"dehydrate_{names[column]}", None)
            if dehydrate is not None:
                cells.append(str(dehydrate(record)))
            else:
                cells.append(column.widget.render(getattr(record, column.attribute)))
        return cells

    def finish_row(self, values: dict[str, Any]) -> None:
        """Complete a parsed row (model attnames, and virtual columns by name).

        Runs once every cell of the row parsed; may set fields from several
        columns and raise `CellError` naming the column at fault.
        """
