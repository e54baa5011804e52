"""The change history kept beside every record (apps.common.history)."""

import importlib

import pytest
from django.apps import apps

from apps.imports.trail import historical_models

RECORD_APPS = {
    "members",
    "events",
    "partnerships",
    "publications",
    "programmes",
    "measurements",
    "secretariat",
    "plans",
}


def test_every_record_of_the_domain_apps_and_targets_keep_a_history():
    records = {
        model._meta.label
        for model in apps.get_models()
        if model._meta.app_label in RECORD_APPS
        and not model._meta.model_name.startswith("historical")
    }
    kept = {history.instance_type._meta.label for history in historical_models()}
    assert kept == {*records, "indicators.Target"}


@pytest.mark.parametrize(
    "history", historical_models(), ids=lambda history: history._meta.label
)
def test_a_historical_model_lives_in_its_record_module(history):
    module = importlib.import_module(history.__module__)
    assert getattr(module, history.__name__) is history
    assert history.__module__ == history.instance_type.__module__


def test_historical_tables_index_only_the_record_and_the_run():
    history = apps.get_model("events", "HistoricalParticipation")
    indexed = {field.name for field in history._meta.fields if field.db_index}
    assert indexed == {"id", "history_user"}
    assert [index.fields for index in history._meta.indexes] == [
        ["import_run", "history_id"]
    ]
