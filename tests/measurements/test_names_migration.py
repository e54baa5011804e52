"""The English display names written before issue 16 become names."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("measurements", "0003_choice_checks_as_equalities")]
AFTER = [("measurements", "0004_names_in_three_languages")]


@pytest.mark.django_db(transaction=True)
def test_display_names_written_before_become_english_names():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    source = old.get_model("measurements", "Source").objects.create(
        code="egi", kind="initiative", name="Emergency Governance Initiative"
    )
    old.get_model("measurements", "Source").objects.create(code="use", kind="platform")
    old.get_model("measurements", "Metric").objects.create(
        source=source, code="cities", label="participating cities"
    )
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    names = new.get_model("measurements", "Name").objects.order_by("metric")
    assert list(names.values_list("source__code", "metric", "name_en")) == [
        ("egi", "", "Emergency Governance Initiative"),
        ("egi", "cities", "participating cities"),
    ]
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
