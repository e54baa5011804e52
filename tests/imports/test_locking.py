import pytest
from django.db import OperationalError

from apps.imports.backends.sqlite import file_lock
from apps.imports.locking import ImportBusy


def test_an_sqlite_lock_is_held_until_released(tmp_path):
    path = str(tmp_path / "db.sqlite3-import-lock")
    said = []
    with (
        file_lock(path, 0, None),
        pytest.raises(ImportBusy),
        file_lock(path, 0.1, lambda: said.append("waiting")),
    ):
        pass
    assert said == ["waiting"]
    with file_lock(path, 0, None):
        pass


def test_an_sqlite_lock_that_cannot_be_made_says_so(tmp_path):
    path = str(tmp_path / "missing" / "db.sqlite3-import-lock")
    with (
        pytest.raises(OperationalError, match="cannot take the import lock"),
        file_lock(path, 0, None),
    ):
        pass
