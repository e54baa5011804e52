"""The npm files the pages load are those the Docker image copies.

No Docker engine runs here to catch a missing file: the image's `assets`
stage installs the npm packages and the Dockerfile copies some of their
folders; a page loading a file from another folder would 404 in production.
"""

import json
import re
from pathlib import Path

from django.conf import settings

BASE = settings.BASE_DIR
NODE_MODULES = BASE / "node_modules"
STATIC = re.compile(r"""{%\s*static\s+["']([^"']+)["']\s*%}""")
COPY = re.compile(
    r"^COPY --from=assets /build/(node_modules/\S+) (node_modules/\S+)$", re.MULTILINE
)


def template_static_paths() -> set[str]:
    """Every `{% static '…' %}` path a template of the project names."""
    folders = [BASE / "templates", *sorted((BASE / "apps").glob("*/templates"))]
    return {
        path
        for folder in folders
        for template in folder.rglob("*.html")
        for path in STATIC.findall(template.read_text(encoding="utf-8"))
    }


def npm_folders() -> dict[str, Path]:
    """The STATICFILES_DIRS served from node_modules: {prefix: folder}."""
    return {
        prefix: Path(folder)
        for prefix, folder in (
            entry for entry in settings.STATICFILES_DIRS if isinstance(entry, tuple)
        )
        if Path(folder).is_relative_to(NODE_MODULES)
    }


def npm_files_used() -> set[Path]:
    """The files under node_modules the templates load, through those dirs."""
    return {
        folder / path.removeprefix(f"{prefix}/")
        for path in template_static_paths()
        for prefix, folder in npm_folders().items()
        if path.startswith(f"{prefix}/")
    }


def not_copied(dockerfile: str, paths) -> list[str]:
    """The paths (under node_modules) that no COPY line of the Dockerfile covers."""
    copied = [
        (source, target)
        for source, target in COPY.findall(dockerfile)
        if source == target
    ]
    return sorted(
        relative
        for relative in (str(Path(path).relative_to(BASE)) for path in paths)
        if not any(
            relative == source or relative.startswith(f"{source}/")
            for source, _ in copied
        )
    )


def test_the_dashboard_loads_chart_js_and_its_datalabels_from_node_modules():
    assert npm_files_used() == {
        NODE_MODULES / "chart.js/dist/chart.umd.min.js",
        NODE_MODULES
        / "chartjs-plugin-datalabels/dist/chartjs-plugin-datalabels.min.js",
    }


def test_every_npm_file_a_template_loads_exists():
    for path in npm_files_used():
        assert path.is_file(), path


def test_the_dockerfile_copies_every_npm_file_a_template_loads():
    dockerfile = (BASE / "Dockerfile").read_text()
    assert not_copied(dockerfile, npm_files_used()) == []


def test_the_dockerfile_copies_every_npm_folder_served():
    dockerfile = (BASE / "Dockerfile").read_text()
    assert not_copied(dockerfile, npm_folders().values()) == []


def test_a_file_whose_folder_is_not_copied_is_found():
    dockerfile = (BASE / "Dockerfile").read_text()
    without = "\n".join(
        line
        for line in dockerfile.splitlines()
        if "chartjs-plugin-datalabels" not in line
    )
    assert not_copied(without, npm_files_used()) == [
        "node_modules/chartjs-plugin-datalabels/dist/chartjs-plugin-datalabels.min.js"
    ]


def test_the_npm_packages_are_pinned_and_locked():
    package = json.loads((BASE / "package.json").read_text())
    lock = json.loads((BASE / "package-lock.json").read_text())
    for group in ("dependencies", "devDependencies"):
        for name, version in package.get(group, {}).items():
            assert re.fullmatch(r"\d+\.\d+\.\d+", version), (name, version)
            assert lock["packages"][f"node_modules/{name}"]["version"] == version
