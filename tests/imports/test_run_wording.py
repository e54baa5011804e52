"""The import history speaks the reader's language: who ran an import is a
user name, and where from is the run's origin, a translated label."""

import getpass
import importlib
import io

import pytest
from django.apps import apps
from django.core.management import call_command

from apps.imports.models import ImportRun
from tests.factories import ImportRunFactory
from tests.imports.helpers import members_csv

pytestmark = pytest.mark.django_db

ROW = "M001,Lyon area,Lyon,FR,Europe,full,2000-01-01,"


def test_the_command_records_the_user_name_alone(tmp_path):
    (tmp_path / "members.csv").write_text(members_csv(ROW))
    call_command("import_annual", str(tmp_path), stdout=io.StringIO())
    run = ImportRun.objects.get()
    assert (run.by, run.origin) == (getpass.getuser(), "command")


@pytest.mark.parametrize(
    ("language", "origin"),
    [("fr", "Ligne de commande"), ("es", "Línea de comandos")],
)
def test_the_import_list_says_command_line_in_the_readers_language(
    client, secretariat, tmp_path, language, origin
):
    (tmp_path / "members.csv").write_text(members_csv(ROW))
    call_command("import_annual", str(tmp_path), stdout=io.StringIO())
    client.force_login(secretariat)
    page = client.get(
        "/admin/imports/importrun/", headers={"accept-language": language}
    )
    content = page.content.decode()
    assert origin in content
    assert "command line" not in content.lower()


def test_runs_recorded_before_keep_their_user_name_alone():
    ImportRunFactory(by="root (command line)", origin="command")
    ImportRunFactory(by="alice", origin="admin")
    migration = importlib.import_module(
        "apps.imports.migrations.0004_importrun_by_user_name_alone"
    )
    migration.user_name_alone(apps, None)
    assert sorted(ImportRun.objects.values_list("by", flat=True)) == [
        "alice",
        "root",
    ]


def test_the_check_page_counts_rows_grouped_in_the_readers_language(
    client, secretariat, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.IMPORT_STAGING_DIR = str(tmp_path / "staging")
    rows = [f"M{n:04d},City {n},,FR,Europe,full,2000-01-01," for n in range(1200)]
    client.force_login(secretariat)
    page = client.post(
        "/admin/imports/importrun/import/",
        {"files": [SimpleUploadedFile("members.csv", members_csv(*rows).encode())]},
        headers={"accept-language": "fr"},
    )
    assert "<td>1\xa0200</td>" in page.content.decode()
