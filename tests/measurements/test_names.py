"""Sources and metrics named in English, French and Spanish (issue 16)."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import translation

from apps.indicators.memo import evaluation
from apps.indicators.periods import Period
from apps.indicators.records import data_gaps
from apps.indicators.registry import registry
from apps.measurements.models import Name
from tests.factories import MeasurementFactory, MetricFactory, NameFactory
from tests.imports.helpers import errors, run

pytestmark = pytest.mark.django_db

D = dt.date
Y2021 = Period.year(2021)
HEADER = (
    "source,metric,name_en,name_fr,name_es,definition_en,definition_fr,definition_es\n"
)


def use_platform(**metric_names):
    metric = MetricFactory(
        source__code="use_platform", source__kind="platform", code="practices"
    )
    NameFactory(
        source=metric.source,
        name_en="USE platform",
        name_fr="Plateforme USE",
        name_es="Plataforma USE",
    )
    NameFactory(source=metric.source, metric="practices", **metric_names)
    return metric


def test_a_reported_figure_is_named_in_the_reader_language():
    use_platform(
        name_en="urban practices",
        name_fr="pratiques urbaines",
        name_es="prácticas urbanas",
        definition_en="Practices published on the platform.",
        definition_fr="Pratiques publiées sur la plateforme.",
    )
    indicator = registry.get("reported.use_platform.practices")
    with translation.override("fr"):
        assert str(indicator.label) == "Plateforme USE : pratiques urbaines"
        assert indicator.definition.startswith(
            "Pratiques publiées sur la plateforme. Le dernier nombre "
        )
    with translation.override("es"):
        assert str(indicator.label) == "Plataforma USE: prácticas urbanas"
        # No Spanish definition: the English one.
        assert indicator.definition.startswith("Practices published on the platform.")
    with translation.override("en"):
        assert str(indicator.label) == "USE platform: urban practices"
        assert indicator.definition == (
            "Practices published on the platform. The latest “urban practices” "
            "count reported by USE platform on or before the last day of the period."
        )


def test_a_name_missing_in_a_language_falls_back_to_english():
    use_platform(name_en="urban practices", name_fr="pratiques urbaines")
    indicator = registry.get("reported.use_platform.practices")
    assert indicator.names_missing == ("es",)
    with translation.override("es"):
        assert str(indicator.label) == "Plataforma USE: urban practices"


def test_an_unnamed_figure_shows_its_codes():
    MetricFactory(source__code="egi", source__kind="initiative", code="cities")
    indicator = registry.get("reported.egi.cities")
    assert str(indicator.label) == "Egi: cities"
    assert indicator.names_missing == ("en", "fr", "es")


def test_the_label_is_worded_when_shown_not_when_made():
    use_platform(name_en="urban practices", name_fr="pratiques urbaines")
    with translation.override("fr"):
        indicator = registry.get("reported.use_platform.practices")
    assert str(indicator.label) == "USE platform: urban practices"


def test_names_are_read_once_per_evaluation(django_assert_num_queries):
    use_platform(name_en="urban practices")
    MetricFactory(source__code="egi", source__kind="initiative", code="cities")
    with evaluation(), django_assert_num_queries(2):  # the metrics, their names
        labels = [str(i.label) for i in registry.all() if i.section == "reported"]
        registry.all()
    assert sorted(labels) == ["Egi: cities", "USE platform: urban practices"]


def test_followers_by_network_read_the_network_name():
    MeasurementFactory(
        metric__source__code="twitter",
        metric__source__kind="social_network",
        metric__code="followers",
        as_of=D(2021, 3, 1),
    )
    NameFactory(source__code="twitter", name_en="X (Twitter)", name_fr="X (Twitter)")
    network = registry.get("followers.total").breakdowns["network"]
    assert network.label("twitter") == "X (Twitter)"
    assert network.label("mastodon") == "mastodon"


def test_the_quality_page_lists_figures_without_a_french_name(manager_client):
    metric = use_platform(name_en="urban practices", name_es="prácticas urbanas")
    MeasurementFactory(metric=metric, as_of=D(2021, 5, 1))
    gaps = {gap.reason: gap for gap in data_gaps(2021)}
    unnamed = gaps["No French name"]
    assert [i.code for i in unnamed.indicators] == ["reported.use_platform.practices"]
    assert unnamed.count == 1
    assert unnamed.admin_url == f"/admin/measurements/source/?id__in={metric.source.pk}"
    assert "No Spanish name" not in gaps
    response = manager_client.get("/quality/2021/")
    assert "No French name" in response.content.decode()


def test_names_file_names_sources_and_metrics():
    metric = MetricFactory(source__code="egi", source__kind="initiative", code="cities")
    report = run(
        {
            "names.csv": HEADER
            + "EGI,,Emergency Governance Initiative,Emergency Governance Initiative,"
            "Iniciativa de Gobernanza de Emergencia,,,\n"
            + "egi,cities,participating cities,villes participantes,"
            "ciudades participantes,Cities that took part.,Villes qui ont "
            "participé.,\n"
        }
    )
    assert errors(report) == []
    assert report.files[0].new == 2
    named = Name.objects.get(source=metric.source, metric="cities")
    assert (named.name_fr, named.definition_fr, named.definition_es) == (
        "villes participantes",
        "Villes qui ont participé.",
        "",
    )
    with translation.override("fr"):
        label = str(registry.get("reported.egi.cities").label)
    assert label == "Emergency Governance Initiative : villes participantes"


def test_names_file_may_name_metrics_of_measurements_in_the_same_import():
    report = run(
        {
            "measurements.csv": "source,source_kind,metric,as_of,value\n"
            "use_platform,platform,practices,2021-12-31,423\n",
            "names.csv": HEADER + "use_platform,practices,urban practices,,,,,\n",
        }
    )
    assert errors(report) == []
    assert Name.objects.get().name_en == "urban practices"


def test_reimporting_names_changes_nothing_and_updates_a_name():
    MetricFactory(source__code="egi", source__kind="initiative", code="cities")
    run({"names.csv": HEADER + "egi,cities,cities,,,,,\n"})
    assert (
        run({"names.csv": HEADER + "egi,cities,cities,,,,,\n"}).files[0].unchanged == 1
    )
    report = run({"names.csv": HEADER + "egi,cities,cities,villes,,,,\n"})
    assert report.files[0].updated == 1
    assert Name.objects.get().name_fr == "villes"


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("nope,,Nope,,,,,", "source=nope: no source with this code"),
        ("egi,drawings,Drawings,,,,,", "metric=drawings: not a metric of this source"),
        ("egi,Two words,x,,,,,", "metric=Two words: Use lower-case letters"),
        (f"egi,,{'n' * 121},,,,,", "name_en=" + "n" * 121 + ": Ensure this value"),
        (",cities,x,,,,,", "source=: a value is required"),
    ],
)
def test_bad_names_are_refused_and_nothing_is_written(row, message):
    MetricFactory(source__code="egi", source__kind="initiative", code="cities")
    report = run(
        {"names.csv": HEADER + "egi,cities,participating cities,,,,,\n" + row + "\n"}
    )
    assert len(report.errors) == 1
    assert str(report.errors[0]).startswith(f"names.csv:3 {message}")
    assert not Name.objects.exists()


def test_a_dry_run_counts_names_without_writing_them():
    MetricFactory(source__code="egi", source__kind="initiative", code="cities")
    report = run({"names.csv": HEADER + "egi,cities,cities,,,,,\n"}, dry_run=True)
    assert report.files[0].new == 1
    assert not Name.objects.exists()


def test_the_admin_edits_the_three_languages_of_a_source(client, secretariat):
    metric = use_platform(name_en="urban practices")
    client.force_login(secretariat)
    url = f"/admin/measurements/source/{metric.source.pk}/change/"
    page = client.get(url).content.decode()
    for field in ("name_en", "name_fr", "name_es", "definition_fr"):
        assert f'name="names-0-{field}"' in page


@pytest.fixture
def named_in_2021():
    metric = use_platform(name_en="urban practices", name_fr="pratiques urbaines")
    MeasurementFactory(metric=metric, as_of=D(2021, 12, 31), value=423)
    return metric


def test_the_api_labels_a_reported_figure_in_the_requested_language(
    manager_client, named_in_2021
):
    response = manager_client.get("/api/indicators/2021/", HTTP_ACCEPT_LANGUAGE="fr")
    labels = {i["code"]: i["label"] for i in response.json()["indicators"]}
    assert labels["reported.use_platform.practices"] == (
        "Plateforme USE : pratiques urbaines"
    )


def test_the_export_labels_a_reported_figure_in_the_requested_language(
    manager_client, named_in_2021
):
    response = manager_client.get(
        "/export/indicators/2021.csv", HTTP_ACCEPT_LANGUAGE="es"
    )
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "reported.use_platform.practices,Plataforma USE: urban practices," in text


def test_the_indicators_command_labels_in_the_active_language(named_in_2021):
    out = StringIO()
    with translation.override("fr"):
        call_command("indicators", "2021", "--format", "csv", stdout=out)
    assert ",423,,,Plateforme USE : pratiques urbaines\n" in out.getvalue()


def test_the_report_names_a_reported_figure_in_the_reader_language(
    manager_client, named_in_2021
):
    page = manager_client.get("/report/2021/", HTTP_ACCEPT_LANGUAGE="fr")
    assert "Plateforme USE : pratiques urbaines" in page.content.decode()


def test_the_admin_saves_a_french_name(client, secretariat):
    metric = MetricFactory(source__code="egi", source__kind="initiative", code="cities")
    client.force_login(secretariat)
    url = f"/admin/measurements/source/{metric.source.pk}/change/"
    data = {
        "code": "egi",
        "kind": "initiative",
        "names-TOTAL_FORMS": "1",
        "names-INITIAL_FORMS": "0",
        "names-0-metric": "cities",
        "names-0-name_en": "participating cities",
        "names-0-name_fr": "villes participantes",
        "metrics-TOTAL_FORMS": "1",
        "metrics-INITIAL_FORMS": "1",
        "metrics-0-id": str(metric.pk),
        "metrics-0-source": str(metric.source.pk),
    }
    response = client.post(url, data)
    assert response.status_code == 302
    with translation.override("fr"):
        assert str(registry.get("reported.egi.cities").label) == (
            "Egi : villes participantes"
        )


def test_the_admin_refuses_a_name_for_a_metric_the_source_lacks(client, secretariat):
    source = MetricFactory(source__code="egi", code="cities").source
    client.force_login(secretariat)
    response = client.post(
        f"/admin/measurements/source/{source.pk}/change/",
        {
            "code": "egi",
            "kind": source.kind,
            "names-TOTAL_FORMS": "1",
            "names-INITIAL_FORMS": "0",
            "names-0-metric": "drawings",
            "names-0-name_en": "drawings",
            "metrics-TOTAL_FORMS": "0",
            "metrics-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert response.context["inline_admin_formsets"][0].formset.errors == [
        {"metric": ["not a metric of this source"]}
    ]
    assert not Name.objects.exists()
