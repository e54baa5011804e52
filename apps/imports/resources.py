"""The base of every annual file's resource (DESIGN.md section 4).

A domain app describes one CSV file with a subclass in its `resources.py`::

    @annual_file("mandates.csv", after=["members.csv"])
    class MandateResource(AnnualResource):
        member = Column("member_code", widget=NaturalKeyWidget(Member), required=True)
        ...

The column mapping is django-import-export's (the admin's import and export
screens use the same resources); the annual import reads it and does the
writing in bulk.
"""

from __future__ import annotations

from typing import Any, ClassVar

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
    ) -> None:
        super().__init__(
            attribute=attribute, column_name=column_name, widget=widget or TextWidget()
        )
        self.required = required
        self.personal = personal
        self.virtual = virtual


class AnnualResource(resources.ModelResource):
    file_name: ClassVar[str] = ""
    depends_on: ClassVar[tuple[str, ...]] = ()

    class Meta:
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        for name, field in cls.fields.items():
            if field.attribute is None:
                field.attribute = name

    def columns(self) -> dict[str, Column]:
        """Return the file's columns by (lower-case) header name."""
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

    def finish_row(self, values: dict[str, Any]) -> None:
        """Complete a parsed row (model attnames, and virtual columns by name).

        Runs once every cell of the row parsed; may set fields from several
        columns and raise `CellError` naming the column at fault.
        """
