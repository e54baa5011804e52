import datetime as dt

import pytest
from django.db import IntegrityError

from apps.indicators.memo import evaluation
from apps.indicators.periods import Period
from apps.indicators.registry import registry
from apps.indicators.results import evaluate_year
from apps.publications.models import Declaration, Publication
from tests.factories import DeclarationFactory, PublicationFactory
from tests.imports.helpers import errors, run

pytestmark = pytest.mark.django_db

D = dt.date
Y2021 = Period.year(2021)
PUBLICATIONS = "code,title,kind,published_on,gender_perspective,languages\n"
DECLARATIONS = "code,title,adopted_on,role,gender_perspective\n"
CODES = [
    "publications.new",
    "publications.gender_perspective",
    "learning.products",
    "declarations.total",
    "declarations.gender_perspective",
]


def value(code):
    return registry.get(code).compute(Y2021)


def test_counters_on_an_empty_database():
    assert [value(code) for code in CODES] == [0, 0, 0, 0, 0]


@pytest.mark.parametrize(
    ("published_on", "counted"),
    [
        (D(2021, 1, 1), 1),
        (D(2021, 12, 31), 1),
        (D(2020, 12, 31), 0),
        (D(2022, 1, 1), 0),
    ],
)
def test_a_publication_belongs_to_the_year_of_its_date(published_on, counted):
    PublicationFactory(published_on=published_on)
    assert value("publications.new") == counted


def test_learning_products_are_counted_apart_from_publications():
    PublicationFactory.create_batch(2, kind="learning_product")
    PublicationFactory(kind="study", has_gender_perspective=True)
    PublicationFactory(kind="guide")
    PublicationFactory(kind="learning_product", has_gender_perspective=True)
    assert value("learning.products") == 3
    assert value("publications.new") == 2
    assert value("publications.gender_perspective") == 1
    breakdown = registry.get("publications.gender_perspective").breakdowns
    assert breakdown["gender_perspective"](Y2021) == {"with": 1, "without": 1}


def test_gender_perspective_is_shown_as_a_share_of_the_total():
    PublicationFactory.create_batch(3, has_gender_perspective=True)
    PublicationFactory()
    DeclarationFactory(has_gender_perspective=True)
    DeclarationFactory.create_batch(2)
    results = {r.indicator.code: r for r in evaluate_year(2021)}
    assert results["publications.gender_perspective"].share == 75.0
    assert results["declarations.gender_perspective"].share == 33.3
    assert results["publications.new"].share is None


def test_declarations_adopted_in_the_year():
    DeclarationFactory(adopted_on=D(2021, 12, 31), has_gender_perspective=True)
    DeclarationFactory(adopted_on=D(2022, 1, 1), has_gender_perspective=True)
    DeclarationFactory(role="both")
    assert value("declarations.total") == 2
    assert value("declarations.gender_perspective") == 1


def test_publication_and_declaration_counters_take_one_query_each(
    django_assert_num_queries,
):
    PublicationFactory()
    DeclarationFactory()
    with evaluation(), django_assert_num_queries(2):
        for code in CODES:
            value(code)


def test_database_refuses_an_unknown_publication_kind():
    with pytest.raises(IntegrityError):
        PublicationFactory(kind="novel")


def test_database_refuses_an_unknown_declaration_role():
    with pytest.raises(IntegrityError):
        DeclarationFactory(role="signed")


def test_publications_and_declarations_import():
    report = run(
        {
            "publications.csv": PUBLICATIONS
            + "P1,Gender and cities,study,2021-03-08,oui,EN|fr | es\n"
            + "P2,Learning Station 1,learning_product,15/04/2021,no,\n",
            "declarations.csv": DECLARATIONS
            + "D1,Declaration of Rome,2021-10-30,both,sí\n",
        }
    )
    assert errors(report) == []
    study = Publication.objects.get(code="P1")
    assert (study.has_gender_perspective, study.languages) == (True, "en|fr|es")
    assert Publication.objects.get(code="P2").has_gender_perspective is False
    assert Declaration.objects.get().role == "both"


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            "P1,T,novel,2021-01-01,yes,",
            "publications.csv:2 kind=novel: not one of the allowed values",
        ),
        (
            "P1,T,study,2021-01-01,,",
            "publications.csv:2 gender_perspective=: a value is required",
        ),
        (
            "P1,T,study,2021-01-01,perhaps,",
            "publications.csv:2 gender_perspective=perhaps: not a yes/no value",
        ),
        (
            "P1,T,study,2021-01-01,yes,english",
            "publications.csv:2 languages=english: write language codes",
        ),
        (
            "P1,T,study,,yes,",
            "publications.csv:2 published_on=: a value is required",
        ),
    ],
)
def test_bad_publications_are_refused(row, message):
    report = run({"publications.csv": PUBLICATIONS + row + "\n"})
    assert len(report.errors) == 1
    assert str(report.errors[0]).startswith(message)
    assert not Publication.objects.exists()


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            "D1,T,2021-01-01,signed,yes",
            "declarations.csv:2 role=signed: not one of the allowed values: "
            "contributed, endorsed, both",
        ),
        ("D1,T,2021-01-01,both,", "declarations.csv:2 gender_perspective=: a value"),
        ("D1,T,2021/01/01,both,no", "declarations.csv:2 adopted_on=2021/01/01: not"),
    ],
)
def test_bad_declarations_are_refused(row, message):
    report = run({"declarations.csv": DECLARATIONS + row + "\n"})
    assert len(report.errors) == 1
    assert str(report.errors[0]).startswith(message)
    assert not Declaration.objects.exists()
