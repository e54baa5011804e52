"""The change history of records: who changed what, when, and through which import.

Each record model declares ``history = RecordHistory()``; django-simple-history
then keeps a historical table beside it and writes an entry on every save
and delete. The annual import writes in bulk, without signals, and adds its
entries itself (`apps.imports.trail`), naming the run in `import_run`.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class ImportedChange(models.Model):
    """What an entry adds to simple-history's: the import run that wrote it."""

    import_run = models.ForeignKey(
        "imports.ImportRun",
        # Like simple-history's own links, an entry names without constraint:
        # nothing checks each of a large import's entries, and a run that
        # wrote entries is never deleted (see ImportRunAdmin).
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,  # the (import_run, history_id) index serves it
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("import run"),
    )

    class Meta:
        abstract = True


class RecordHistory(HistoricalRecords):
    """simple-history's records, linked to import runs, with few indexes.

    An import writes an entry per new or changed row: the historical tables
    keep only the indexes the admin reads (by record, by run), not one per
    copied foreign key or unique field, nor one on the date.
    """

    _date_indexing = False

    def __init__(self, **options) -> None:
        super().__init__(
            bases=[ImportedChange],
            history_id_field=models.BigAutoField(primary_key=True),
            user_db_constraint=False,
            **options,
        )

    def create_history_model(self, model, inherited):
        history = super().create_history_model(model, inherited)
        # simple-history names the app's package (`apps.members`) as the
        # module, where `manage.py shell` looks for it in vain: it is put in
        # the model's module.
        history.__module__ = self.module
        return history

    def copy_fields(self, model):
        fields = super().copy_fields(model)
        for name, field in fields.items():
            if not model._meta.get_field(name).primary_key:
                field.db_index = False
        return fields

    def get_meta_options(self, model):
        options = super().get_meta_options(model)
        options["indexes"] = [
            models.Index(
                fields=["import_run", "history_id"],
                name=f"history_{model._meta.model_name}_run",
            )
        ]
        return options
