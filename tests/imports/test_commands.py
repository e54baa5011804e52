import pytest
from django.core.management import CommandError, call_command

from apps.members.models import Member
from tests.imports.helpers import members_csv

pytestmark = pytest.mark.django_db

ROW = "M001,Lyon area,Lyon,FR,Europe,full,2000-01-01,"


def write(directory, name, content):
    (directory / name).write_text(content, encoding="utf-8")


def test_import_annual_prints_counts_per_file(tmp_path, capsys):
    write(tmp_path, "members.csv", members_csv(ROW))
    write(tmp_path, "README.txt", "not a CSV file: ignored")
    call_command("import_annual", str(tmp_path))
    out = capsys.readouterr().out
    assert "members.csv  new       1  updated       0  unchanged       0" in out
    assert Member.objects.count() == 1


def test_dry_run_prints_counts_and_writes_nothing(tmp_path, capsys):
    write(tmp_path, "members.csv", members_csv(ROW))
    call_command("import_annual", str(tmp_path), "--dry-run")
    out = capsys.readouterr().out
    assert "new       1" in out
    assert "Dry run" in out
    assert Member.objects.count() == 0


def test_errors_go_to_stderr_and_the_command_fails(tmp_path, capsys):
    write(tmp_path, "members.csv", members_csv(ROW.replace("FR", "France")))
    write(tmp_path, "mandats.csv", "member_code\n")
    with pytest.raises(CommandError, match=r"2 error\(s\): nothing was written"):
        call_command("import_annual", str(tmp_path))
    err = capsys.readouterr().err
    assert "mandats.csv: unknown file name" in err
    assert "members.csv:2 country=France: " in err
    assert Member.objects.count() == 0


def test_a_missing_directory_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="is not a directory"):
        call_command("import_annual", str(tmp_path / "nope"))


def test_an_empty_directory_is_an_error(tmp_path):
    with pytest.raises(CommandError, match="1 error"):
        call_command("import_annual", str(tmp_path))


def test_an_unreadable_file_is_a_clear_error(tmp_path, monkeypatch):
    write(tmp_path, "members.csv", members_csv(ROW))

    def refuse(path, *args, **kwargs):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr("pathlib.Path.open", refuse)
    with pytest.raises(CommandError, match=r"Cannot read .*members\.csv: Permission"):
        call_command("import_annual", str(tmp_path))


def test_a_progress_bar_is_drawn_on_a_terminal(tmp_path, monkeypatch, capsys):
    rows = [f"M{i:04d},Member {i},,ES,,full,2000-01-01," for i in range(2500)]
    write(tmp_path, "members.csv", members_csv(*rows))
    monkeypatch.setattr("sys.stderr.isatty", lambda: True)
    call_command("import_annual", str(tmp_path))
    err = capsys.readouterr().err
    assert "members.csv" in err
    assert "2,500 rows" in err
