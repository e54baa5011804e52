"""No module in apps/ outgrows what a maintainer reads in one sitting."""

from pathlib import Path

from django.conf import settings

LIMIT = 400


def long_modules(root: Path) -> dict[str, int]:
    """Return the lines of each module over the limit, migrations aside."""
    lengths = {
        path.relative_to(root.parent).as_posix(): len(
            path.read_text(encoding="utf-8").splitlines()
        )
        for path in root.rglob("*.py")
        if "migrations" not in path.parts
    }
    return {name: lines for name, lines in sorted(lengths.items()) if lines > LIMIT}


def test_no_module_in_apps_is_over_400_lines():
    offenders = long_modules(Path(settings.BASE_DIR) / "apps")
    assert offenders == {}


def test_the_walk_finds_a_long_module_and_skips_migrations(tmp_path):
    root = tmp_path / "apps"
    (root / "big" / "migrations").mkdir(parents=True)
    (root / "big" / "long.py").write_text("x = 1\n" * 401)
    (root / "big" / "short.py").write_text("x = 1\n" * 400)
    (root / "big" / "migrations" / "0001_initial.py").write_text("x = 1\n" * 999)
    assert long_modules(root) == {"apps/big/long.py": 401}
