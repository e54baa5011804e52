"""Python's cycle collector is paused while a chunk of rows is loaded.

A chunk holds a hundred thousand live objects; the collector would walk
them again and again while they are made, for nothing.
"""

import gc

import pytest
from django.db import OperationalError

from apps.imports import bulk
from apps.imports.bulk import insert_many
from tests.imports.helpers import errors, members_csv, run

pytestmark = pytest.mark.django_db


def row(i: int) -> str:
    return f"M{i:04d},Member {i},,ES,,full,2000-01-01,"


@pytest.fixture
def collector_states(monkeypatch, settings):
    """Record whether the collector runs at each write, and between chunks."""
    states = []

    def insert(model, rows):
        states.append(("write", gc.isenabled()))
        return insert_many(model, rows)

    def progress(name, done, total):
        states.append(("between chunks", gc.isenabled()))

    monkeypatch.setattr(bulk, "insert_many", insert)
    settings.IMPORT_CHUNK_ROWS = 3
    return states, progress


def test_the_collector_is_paused_within_a_chunk_only(collector_states):
    states, progress = collector_states
    report = run(
        {"members.csv": members_csv(*(row(i) for i in range(7)))}, progress=progress
    )
    assert errors(report) == []
    assert report.files[0].new == 7
    writes = [enabled for kind, enabled in states if kind == "write"]
    between = [enabled for kind, enabled in states if kind == "between chunks"]
    assert writes == [False, False, False]
    assert between == [True, True, True]
    assert gc.isenabled()


def test_the_collector_runs_again_after_a_refused_file(monkeypatch):
    def refuse(model, rows):
        raise OperationalError("database or disk is full")

    monkeypatch.setattr(bulk, "insert_many", refuse)
    report = run({"members.csv": members_csv(row(1))})
    assert report.files[0].refused
    assert gc.isenabled()


def test_the_collector_stays_off_if_it_was_off():
    gc.disable()
    try:
        run({"members.csv": members_csv(row(1))})
        assert not gc.isenabled()
    finally:
        gc.enable()
