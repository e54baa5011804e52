"""The report as a PDF: made by WeasyPrint, read back with pypdf."""

import datetime as dt
import io
import re

import pypdf
import pytest
from django.conf import settings
from django.core.management import call_command
from django.templatetags.static import static
from django.utils import translation

from apps.indicators import pdf
from apps.indicators.results import indicators_document
from apps.indicators.templatetags.indicators import headline
from tests.factories import (
    EventFactory,
    MemberFactory,
    recorded_activity,
    records_of_every_source,
)
from tests.test_settings import PRODUCTION, values

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.fixture
def demo_2021(db):
    call_command(
        "import_annual",
        str(settings.BASE_DIR / "fixtures" / "demo"),
        stdout=io.StringIO(),
    )


def read_back(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    return [page.extract_text() for page in reader.pages]


def headlines(codes, language):
    """The headlines the report prints, as the records give them."""
    document = indicators_document(2021)
    units = {i["code"]: (i["value"], i["unit"]) for i in document["indicators"]}
    with translation.override(language):
        return [headline(*units[code]) for code in codes]


HEADLINE_CODES = [
    "participants.total",
    "participants.women_share",
    "followers.total",
    "members.women_led_share",
    "members.new",
]


def test_the_demo_2021_pdf_fits_in_four_pages_with_its_headline_numbers(
    manager_client, demo_2021
):
    response = manager_client.get("/report/2021.pdf")
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="impact-report-2021-en.pdf"'
    )
    pages = read_back(response)
    assert 1 <= len(pages) <= 4
    text = " ".join(" ".join(pages).split())
    shown = headlines(HEADLINE_CODES, "en")
    assert shown[:4] == ["+2.1K", "52.0%", "+36.4K", "16.8%"]
    for figure in shown:
        assert figure in text, figure
    assert "Our impact in 2021" in text
    assert "Live figures — not published" in text
    for number, page in enumerate(pages, start=1):
        assert len(page.split()) > 40, f"page {number} is almost blank"
        assert "Metropolis · Annual report 2021 · Live figures — not published" in (
            " ".join(page.split())
        )
        assert f"{number} / {len(pages)}" in page


def test_the_pdf_follows_the_reader_language(manager_client, demo_2021):
    response = manager_client.get("/report/2021.pdf", headers={"accept-language": "fr"})
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="impact-report-2021-fr.pdf"'
    )
    text = " ".join(" ".join(read_back(response)).split())
    assert "Notre impact en 2021" in text
    assert "Chiffres en direct — non publiés" in text
    assert "Our impact" not in text
    for figure in headlines(HEADLINE_CODES, "fr"):
        assert " ".join(figure.split()) in text, figure  # read back, a space
    assert "+2,1K" in text
    assert "52,0 %" in text


def test_the_pdf_query_count_is_the_report_one(
    manager_client, django_assert_num_queries
):
    for i in range(10):
        MemberFactory(joined_on=D(2021, 1 + i, 1))
    EventFactory(kind="statutory_meeting", statutory_body="board")
    records_of_every_source(2020)
    with django_assert_num_queries(34):  # the HTML report's (test_report.py)
        response = manager_client.get("/report/2021.pdf")
    assert response.status_code == 200


def test_the_pdf_reads_static_files_only_from_the_project():
    css = pdf.static_file(pdf.BASE_URL + "static/css/report.css")
    assert css == settings.BASE_DIR / "static" / "css" / "report.css"
    assert pdf.static_file(pdf.BASE_URL + "static/css/missing.css") is None
    assert pdf.static_file(pdf.BASE_URL + "media/upload.png") is None
    assert pdf.static_file(pdf.BASE_URL + "static/%2e%2e/manage.py") is None
    assert pdf.static_file(pdf.BASE_URL + "static//etc/passwd") is None
    fetcher = pdf._fetcher()
    assert fetcher.fetch(pdf.BASE_URL + "static/img/logo.svg").content_type == (
        "image/svg+xml"
    )
    with pytest.raises(ValueError, match="Not a static file"):
        fetcher.fetch("http://127.0.0.1:9/static/css/report.css")


def test_making_a_pdf_logs_none_of_weasyprint_steps(manager_client, log_lines):
    recorded_activity(2021)
    MemberFactory(joined_on=D(2021, 3, 1))
    assert manager_client.get("/report/2021.pdf").status_code == 200
    assert [
        line["logger"] for line in log_lines() if "weasyprint" in line["logger"]
    ] == []


# The static files storage of production (DJANGO_DEBUG off).
PRODUCTION_STATIC = "whitenoise.storage.CompressedManifestStaticFilesStorage"


def test_production_serves_the_static_files_these_tests_collect():
    assert values("s.STORAGES['staticfiles']['BACKEND']", **PRODUCTION) == [
        PRODUCTION_STATIC
    ]


@pytest.fixture
def collected_static(settings, tmp_path):
    """DEBUG off and the static files collected as the image collects them:
    pages link their hashed names (css/report.8f0414876234.css). Only the
    project's static/ folder, which holds all the report links: the admin's
    files, the flags and Chart.js would take half a minute to compress."""
    settings.DEBUG = False
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STATICFILES_DIRS = [settings.BASE_DIR / "static"]
    settings.STATICFILES_FINDERS = [
        "django.contrib.staticfiles.finders.FileSystemFinder"
    ]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": PRODUCTION_STATIC},
    }
    call_command("collectstatic", interactive=False, verbosity=0)


def test_with_the_collected_static_files_the_pdf_has_its_stylesheets_and_logo(
    manager_client, collected_static, log_lines
):
    recorded_activity(2021)
    MemberFactory(joined_on=D(2021, 3, 1))
    html = manager_client.get("/report/2021/").content.decode()
    assert 'href="/static/css/report.css"' not in html
    assert re.search(r'href="/static/css/report\.[0-9a-f]{12}\.css"', html)
    response = manager_client.get("/report/2021.pdf")
    assert [
        line["message"] for line in log_lines() if "weasyprint" in line["logger"]
    ] == []
    pages = read_back(response)
    # No site menu, sign-out form or language selector (app.css hides them
    # in print); report.css capitalises the kicker and numbers the pages.
    assert pages[0].splitlines()[:3] == [
        "Metropolis",
        "ANNUAL REPORT 2021",
        "Our impact in 2021",
    ]
    assert "Log out" not in " ".join(pages)
    assert pages[0].endswith(f"1 / {len(pages)}")


def test_with_the_collected_static_files_the_pdf_reads_only_static_files_hashed_or_not(
    collected_static,
):
    hashed = static("css/report.css")
    assert re.fullmatch(r"/static/css/report\.[0-9a-f]{12}\.css", hashed)
    source = settings.BASE_DIR / "static" / "css" / "report.css"
    assert pdf.static_file(pdf.BASE_URL + hashed.lstrip("/")) == source
    assert pdf.static_file(pdf.BASE_URL + "static/css/report.css") == source
    assert pdf.static_file(pdf.BASE_URL + "static/css/report.0123456789ab.css") is None
    assert pdf.static_file(pdf.BASE_URL + "static/staticfiles.json") is None
    fetcher = pdf._fetcher()
    logo = fetcher.fetch(pdf.BASE_URL + static("img/logo.svg").lstrip("/"))
    assert logo.content_type == "image/svg+xml"
    with pytest.raises(ValueError, match="Not a static file"):
        fetcher.fetch("http://127.0.0.1:9" + hashed)
