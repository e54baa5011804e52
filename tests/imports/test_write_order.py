import pytest

from apps.events.models import Participation
from apps.events.privacy import participant_key
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
