import pytest

from apps.events.models import Participation
from apps.events.privacy import participant_key
from apps.imports.loading import _in_key_order
from tests.factories import EventFactory
from tests.imports.helpers import run


@pytest.mark.django_db
def test_new_rows_are_written_in_key_order():
    """So that the key's index is written page after page, not at random."""
    EventFactory(code="C1")
    EventFactory(code="C2")
    people = [f"person{i}@example.org" for i in range(20)]
    lines = [f"C{2 - i % 2},{person},woman" for i, person in enumerate(people)]
    report = run(
        {
            "participations.csv": "\n".join(
                ["event_code,participant_ref,gender", *lines]
            )
            + "\n"
        }
    )
    assert report.files[0].new == 20
    written = list(
        Participation.objects.order_by("pk").values_list(
            "event__code", "participant_key"
        )
    )
    assert written == sorted(written)
    assert {key for _, key in written} == {participant_key(p) for p in people}


def test_keys_with_empty_parts_sort_after_the_others():
    rows = [{"n": 1}, {"n": 2}, {"n": 3}, {"n": 4}]
    keys = [(2, None), (1, "b"), (None, "a"), (1, "a")]
    assert [row["n"] for row in _in_key_order(rows, keys)] == [4, 2, 1, 3]
