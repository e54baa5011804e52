import datetime as dt

import pytest
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext

from apps.indicators.memo import evaluation
from apps.indicators.periods import Period
from apps.indicators.registry import NotRegistered, registry
from apps.indicators.results import evaluate_year
from apps.measurements.models import Measurement, Metric, Source
from tests.factories import MeasurementFactory, MetricFactory, NameFactory
from tests.imports.helpers import errors, run

pytestmark = pytest.mark.django_db

D = dt.date
Y2021 = Period.year(2021)
HEADER = "source,source_kind,metric,as_of,value\n"


def followers(network, as_of, value):
    return MeasurementFactory(
        metric__source__code=network,
        metric__source__kind="social_network",
        metric__code="followers",
        as_of=as_of,
        value=value,
    )


def test_followers_on_an_empty_database():
    total = registry.get("followers.total")
    assert total.compute(Y2021) is None
    assert total.left_out_of(Y2021) == 0


def test_followers_take_each_network_latest_count_on_or_before_31_december():
    followers("twitter", D(2021, 6, 30), 100)
    followers("twitter", D(2021, 12, 31), 150)  # the last day counts
    followers("twitter", D(2022, 1, 1), 999)  # the day after does not
    followers("linkedin", D(2020, 3, 1), 40)  # an old count still holds
    followers("instagram", D(2022, 2, 1), 10)  # no count yet by the year end
    total = registry.get("followers.total")
    assert total.compute(Y2021) == 190
    assert total.breakdowns["network"](Y2021) == {"linkedin": 40, "twitter": 150}
    assert total.left_out_of(Y2021) == 1


def test_followers_chart_has_each_network_last_count_of_every_month():
    followers("twitter", D(2018, 12, 31), 5)  # more than three years before
    followers("twitter", D(2019, 1, 5), 10)
    followers("twitter", D(2019, 1, 20), 12)  # the month's last count
    followers("twitter", D(2021, 12, 1), 28)
    followers("twitter", D(2021, 12, 31), 30)
    followers("twitter", D(2022, 1, 1), 99)  # after the period
    followers("linkedin", D(2021, 3, 1), 7)
    history = registry.get("followers.total").series["history"]
    assert history(Y2021) == {
        "twitter": [("2019-01-20", 12), ("2021-12-31", 30)],
        "linkedin": [("2021-03-01", 7)],
    }


def test_other_metrics_of_social_networks_are_not_followers():
    followers("twitter", D(2021, 6, 30), 100)
    MeasurementFactory(
        metric__source__code="twitter", metric__code="posts", as_of=D(2021, 6, 30)
    )
    assert registry.get("followers.total").compute(Y2021) == 100
    assert not any(i.code.startswith("reported.twitter") for i in registry.all())


def test_a_new_source_becomes_an_indicator_without_code():
    report = run(
        {
            "measurements.csv": HEADER
            + "USE_platform,platform,Practices,2021-12-31,423\n"
            + "use_platform,platform,practices,2022-01-01,430\n"
            + "use_platform,platform,decision_makers,31/12/2021,540\n"
            + "twitter,social_network,followers,2021-12-01,20 000\n"
        }
    )
    assert errors(report) == []
    assert Source.objects.get(code="use_platform").kind == "platform"
    practices = registry.get("reported.use_platform.practices")
    assert practices.section == "reported"
    assert practices.compute(Y2021) == 423
    assert practices.compute(Period.year(2022)) == 430
    assert registry.get("reported.use_platform.decision_makers").compute(Y2021) == 540
    assert registry.get("followers.total").compute(Y2021) == 20000
    with pytest.raises(NotRegistered):
        registry.get("reported.twitter.followers")


def test_staff_labels_name_the_reported_indicator():
    metric = MetricFactory(source__code="egi", source__kind="initiative", code="cities")
    NameFactory(source=metric.source, name_en="Emergency Governance Initiative")
    NameFactory(source=metric.source, metric="cities", name_en="participating cities")
    indicator = registry.get("reported.egi.cities")
    assert indicator.label == "Emergency Governance Initiative: participating cities"
    assert "participating cities" in indicator.definition


def test_reported_value_is_none_before_any_count():
    MeasurementFactory(
        metric__source__code="benchmark", metric__code="spaces", as_of=D(2022, 5, 1)
    )
    assert registry.get("reported.benchmark.spaces").compute(Y2021) is None


def test_reimporting_measurements_changes_nothing_and_updates_a_value():
    files = {"measurements.csv": HEADER + "use,platform,practices,2021-12-31,423\n"}
    run(files)
    assert run(files).files[0].unchanged == 1
    report = run(
        {"measurements.csv": HEADER + "use,platform,practices,2021-12-31,425\n"}
    )
    assert report.files[0].updated == 1
    assert Measurement.objects.get().value == 425


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("use,platform,practices,2021-12-31,-3", "value=-3: must be 0 or more"),
        ("use,platform,practices,2021-12-31,4.5", "value=4.5: not a whole number"),
        ("use,platform,practices,2021-12-31,", "value=: a value is required"),
        ("use,blog,practices,2021-12-31,4", "source_kind=blog: not one of the allowed"),
        ("use platform,platform,practices,2021-12-31,4", "source=use platform: Use"),
        ("use,platform,practices,2021-13-31,4", "as_of=2021-13-31: not a day of"),
    ],
)
def test_bad_measurements_are_refused(row, message):
    report = run({"measurements.csv": HEADER + row + "\n"})
    assert len(report.errors) == 1
    assert str(report.errors[0]).startswith(f"measurements.csv:2 {message}")
    assert not Measurement.objects.exists()
    assert not Source.objects.exists()  # created in the run, rolled back with it


def test_a_source_keeps_its_kind():
    MetricFactory(source__code="use", source__kind="platform")
    report = run(
        {"measurements.csv": HEADER + "use,initiative,practices,2021-12-31,4\n"}
    )
    assert errors(report) == [
        "measurements.csv:2 source_kind=initiative: use is a platform, as recorded "
        "before"
    ]


def test_the_same_count_twice_names_both_lines():
    report = run(
        {
            "measurements.csv": HEADER
            + "use,platform,practices,2021-12-31,4\n"
            + "USE,platform,practices,31/12/2021,5\n"
        }
    )
    assert errors(report) == [
        "measurements.csv:3 source=USE metric=practices as_of=31/12/2021: the same "
        "key is already on line 2"
    ]


def test_database_refuses_a_second_value_the_same_day():
    first = MeasurementFactory()
    with pytest.raises(IntegrityError):
        MeasurementFactory(metric=first.metric, as_of=first.as_of)


def test_query_count_is_fixed_however_many_sources():
    def add_sources(n, start):
        for i in range(start, start + n):
            followers(f"network_{i}", D(2021, 5, 1), 10)
            MeasurementFactory(
                metric__source__code=f"platform_{i}", as_of=D(2021, 5, 1)
            )

    def evaluate():
        with CaptureQueriesContext(connection) as queries:
            results = evaluate_year(2021, today=D(2026, 1, 1))
        return len(queries), results

    add_sources(2, 0)
    few, results = evaluate()
    assert sum(r.indicator.section == "reported" for r in results) == 2
    add_sources(20, 2)
    many, results = evaluate()
    assert sum(r.indicator.section == "reported" for r in results) == 22
    assert many == few


def test_metric_names_follow_the_source():
    metric = MetricFactory(source__code="use", code="practices")
    assert str(metric) == "use.practices"
    assert Metric.objects.reported().count() == 1


def test_a_code_longer_than_40_characters_is_refused():
    long_code = "p" * 41
    report = run(
        {"measurements.csv": HEADER + f"{long_code},platform,practices,2021-12-31,4\n"}
    )
    assert errors(report) == [
        f"measurements.csv:2 source={long_code}: at most 40 characters"
    ]


def test_followers_and_reported_counts_are_one_query(django_assert_num_queries):
    MeasurementFactory(
        metric__source__code="x",
        metric__source__kind="social_network",
        metric__code="followers",
        as_of=dt.date(2021, 3, 1),
        value=10,
    )
    MeasurementFactory(
        metric__source__code="use",
        metric__code="practices",
        as_of=dt.date(2021, 3, 1),
        value=7,
    )
    year = Period.year(2021)
    with evaluation():
        reported = registry.get("reported.use.practices")
        with django_assert_num_queries(1):
            assert registry.get("followers.total").compute(year) == 10
            assert reported.compute(year) == 7
