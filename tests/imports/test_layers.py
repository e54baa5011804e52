"""A row's walk from the command to the database goes down: each step of
the import path imports only the steps below it (docs/architecture.md)."""

import ast
from pathlib import Path

from django.conf import settings

# The import path, from the top (the run) down to the database.
PATH = [
    "runner",
    "loading",
    "trail",
    "bulk",
    "plan",
    "preview",
    "ledger",
    "keys",
    "parse",
    "rules",
    "resources",
    "widgets",
    "reading",
]


def imported_steps(module: str) -> set[str]:
    """The steps of PATH a module of apps/imports imports."""
    source = Path(settings.BASE_DIR, "apps", "imports", f"{module}.py").read_text()
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            names = [node.module] if node.module else [a.name for a in node.names]
            found.update(name.split(".")[0] for name in names)
    return found & set(PATH)


def test_each_step_imports_only_steps_below_it():
    upward = {
        (module, imported)
        for position, module in enumerate(PATH)
        for imported in imported_steps(module)
        if PATH.index(imported) <= position
    }
    assert upward == set()


def test_a_step_importing_one_above_it_is_found(tmp_path, settings):
    folder = tmp_path / "apps" / "imports"
    folder.mkdir(parents=True)
    (folder / "keys.py").write_text("from .plan import Plan\nfrom . import bulk\n")
    settings.BASE_DIR = tmp_path
    assert imported_steps("keys") == {"plan", "bulk"}
