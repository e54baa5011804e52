"""Write synthetic annual files at any size (deterministic for a seed).

Usage: python bench/generate.py OUT_DIR [--members N] [--events N]
       [--participations N] [--measurements N] [--years N] [--seed N]

Defaults give a large association: 1,000 members, 20,000 events over 20
years, 1,000,000 participations and 100,000 measurements.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
from pathlib import Path

KINDS = ["webinar"] * 6 + ["learning_activity"] * 3 + ["global_event", "other"]
CATEGORIES = ["full"] * 6 + ["associate", "associate", "strategic", "sponsor"]
REGIONS = ["Africa", "Asia-Pacific", "Europe", "Latin America", "North America"]
COUNTRIES = ["ES", "FR", "BR", "MX", "SN", "KR", "IN", "ZA", "AR", "CA", "TR", "DE"]
GENDERS = ["woman"] * 50 + ["man"] * 44 + ["non_binary"] + ["undisclosed"] * 5
ROLES = ["attendee"] * 80 + ["speaker"] * 10 + ["expert"] * 8 + ["leader"] * 2
NETWORKS = ["twitter", "facebook", "linkedin", "instagram", "youtube"]


def write(path: Path, header: list[str], rows) -> int:
    count = 0
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file, lineterminator="\n")
        writer.writerow(header)
        for row in rows:
            writer.writerow(row)
            count += 1
    return count


def generate(out: Path, *, members, events, participations, measurements, years, seed):
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    first_year = 2022 - years + 1
    start = dt.date(first_year, 1, 1)
    span = (dt.date(2022, 12, 31) - start).days

    def day() -> dt.date:
        return start + dt.timedelta(days=rng.randrange(span))

    write(
        out / "members.csv",
        ["code", "name", "city", "country", "region", "category", "joined_on"],
        (
            [
                f"M{i:05d}",
                f"Metropolitan area {i}",
                f"City {i}",
                rng.choice(COUNTRIES),
                rng.choice(REGIONS),
                rng.choice(CATEGORIES),
                dt.date(1985 + i % 37, 1 + i % 12, 1 + i % 28).isoformat(),
            ]
            for i in range(members)
        ),
    )
    write(
        out / "mandates.csv",
        ["member_code", "leader_name", "gender", "started_on"],
        (
            [
                f"M{i:05d}",
                f"Leader {i}",
                "woman" if rng.random() < 0.2 else "man",
                dt.date(2015 + i % 7, 6, 1).isoformat(),
            ]
            for i in range(members)
        ),
    )
    write(
        out / "events.csv",
        ["code", "title", "kind", "role", "format", "starts_on"],
        (
            [
                f"E{i:06d}",
                f"Event {i}",
                rng.choice(KINDS),
                rng.choice(["led", "led", "co_led", "participated"]),
                rng.choice(["online", "in_person", "hybrid"]),
                day().isoformat(),
            ]
            for i in range(events)
        ),
    )
    people = max(participations // 4, 1)
    write(
        out / "participations.csv",
        ["event_code", "participant_ref", "gender", "role", "member_code", "country"],
        (
            [
                f"E{i % events:06d}",
                f"person{rng.randrange(people)}_{i % 97}@example.org",
                rng.choice(GENDERS),
                rng.choice(ROLES),
                f"M{rng.randrange(members):05d}" if rng.random() < 0.3 else "",
                rng.choice(COUNTRIES),
            ]
            for i in range(participations)
        ),
    )
    # One count a day at most: a metric has one value per date.
    per_metric = min(max(measurements // (len(NETWORKS) + 4), 1), span)
    metrics = [(n, "social_network", "followers") for n in NETWORKS] + [
        ("use_platform", "platform", "practices"),
        ("use_platform", "platform", "decision_makers"),
        ("health", "initiative", "initiatives"),
        ("health", "initiative", "cities"),
    ]
    write(
        out / "measurements.csv",
        ["source", "source_kind", "metric", "as_of", "value"],
        (
            [
                source,
                kind,
                metric,
                (start + dt.timedelta(days=n * span // per_metric)).isoformat(),
                1000 + n * 7,
            ]
            for source, kind, metric in metrics
            for n in range(per_metric)
        ),
    )


def generate_at_scale(out: Path, participations: int, *, years: int = 20) -> None:
    """Write the benchmarks' files for this many participations: 1,000
    members, an event per 50 participations, a measurement per 10 (up to
    100,000), over 20 years (the last one 2022) unless told otherwise."""
    generate(
        out,
        members=1000,
        events=max(participations // 50, 200),
        participations=participations,
        measurements=min(max(participations // 10, 900), 100_000),
        years=years,
        seed=2021,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--members", type=int, default=1000)
    parser.add_argument("--events", type=int, default=20000)
    parser.add_argument("--participations", type=int, default=1_000_000)
    parser.add_argument("--measurements", type=int, default=100_000)
    parser.add_argument("--years", type=int, default=20)
    parser.add_argument("--seed", type=int, default=2021)
    args = parser.parse_args()
    generate(
        args.out,
        members=args.members,
        events=args.events,
        participations=args.participations,
        measurements=args.measurements,
        years=args.years,
        seed=args.seed,
    )


if __name__ == "__main__":
    main()
