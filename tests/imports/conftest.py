"""Fixtures of the tests that run the command in other processes."""

import pytest

from tests.imports.processes import Template


@pytest.fixture(scope="session")
def template(django_db_setup, django_db_blocker, tmp_path_factory):
    """A copy of the empty test database, from which each test copies its own."""
    with django_db_blocker.unblock():
        template = Template(tmp_path_factory.mktemp("template"))
    yield template
    with django_db_blocker.unblock():
        template.drop()


@pytest.fixture
def database(template, tmp_path):
    """A database of the test's own, for commands run in other processes."""
    scratch = template.copy(tmp_path)
    yield scratch
    scratch.drop()
