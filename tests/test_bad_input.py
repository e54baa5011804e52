"""Bad input on every URL and form: a clean 4xx or a form error, never a 500.

Fixed lists hold the values known to hurt (NUL bytes, years out of range,
huge numbers, odd characters); Hypothesis adds generated ones, derandomized
(tests/conftest.py) so that every run tries the same inputs.
"""

import datetime as dt
import io
import zipfile
from urllib.parse import quote

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.forms import (
    BooleanField,
    ChoiceField,
    DateField,
    DateTimeField,
    DecimalField,
    FloatField,
    IntegerField,
    ModelChoiceField,
    ModelMultipleChoiceField,
    MultipleChoiceField,
    MultiWidget,
)
from django.forms.models import model_to_dict
from django.test import RequestFactory
from hypothesis import given
from hypothesis import strategies as st

from apps.common.admin_base import SafeInputMixin
from apps.members.models import Member
from tests.factories import MemberFactory, UserFactory, recorded_activity
from tests.test_admin_lists import FACTORIES

pytestmark = pytest.mark.django_db

ALL_FACTORIES = {
    **FACTORIES,
    # Whole seconds: the admin's form shows a date and time without fractions.
    "auth.user": lambda: UserFactory(
        username="someone", date_joined=dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
    ),
    "auth.group": lambda: Group.objects.create(name="Readers"),
}
ADMIN_LABELS = sorted(model._meta.label_lower for model in admin.site._registry)

NUL = "\x00"
ODD_TEXT = [NUL, "%", "_", "'", '"', "\\", "🙂", "\u202e", "\ufeff", " ", "a" * 5000]
YEAR_ROUTES = [
    "/dashboard/{}/",
    "/report/{}/",
    "/quality/{}/",
    "/api/indicators/{}/",
    "/export/indicators/{}.csv",
    "/export/indicators/{}.xlsx",
    "/indicators/members.new/{}/",
    "/indicators/members.new/{}/records.csv",
    "/public/{}/",
    "/public/{}.json",
    "/embed/{}/members.new/",
]
BAD_YEARS = [
    "0",
    "-1",
    "1",
    "9999",
    "99999",
    str(10**30),
    "abc",
    "2021.5",
    "2021%00",
    quote("\uff12\uff10\uff12\uff11"),  # 2021 in full-width digits
    "%20",
]
BAD_CODES = [
    "unknown.code",
    "members",
    "members.",
    ".new",
    "MEMBERS.NEW",
    "members..new",
    "members.new.",
    "é.é",
    "members.new" + NUL,
    "members.new" * 500,
    "\u202emembers.new",
    "📈.📈",
    "../admin",
]
BAD_PAGES = ["0", "-1", "abc", str(10**9), str(10**30), "1e3", "", "1.5", "🙂"]


def _superuser_request():
    request = RequestFactory().get("/admin/")
    request.user = UserFactory.build(is_superuser=True, is_staff=True)
    return request


@pytest.fixture
def year_2021(db):
    MemberFactory(joined_on=dt.date(2021, 3, 1))
    recorded_activity(2021)


@pytest.fixture
def lenient(client):
    """A client that returns a 500 instead of raising, to list them all."""
    client.raise_request_exception = False
    return client


@pytest.fixture
def superuser_client(lenient):
    lenient.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    return lenient


# The app's own URLs ----------------------------------------------------------


def _statuses(client, paths, method="get"):
    return {path: getattr(client, method)(path).status_code for path in paths}


@pytest.mark.parametrize("route", YEAR_ROUTES)
def test_a_malformed_or_empty_year_is_a_404(manager_client, year_2021, route):
    paths = [route.format(year) for year in BAD_YEARS]
    assert _statuses(manager_client, paths) == dict.fromkeys(paths, 404)


def test_publishing_a_malformed_or_empty_year_is_a_404(manager_client, year_2021):
    paths = [f"/dashboard/{year}/publish/" for year in BAD_YEARS]
    assert _statuses(manager_client, paths, "post") == dict.fromkeys(paths, 404)


RANGE_ROUTES = ["/pivot/", "/pivot/indicators.csv", "/pivot/indicators.xlsx"]
RANGE_ROUTES += ["/api/indicators/"]


@pytest.mark.parametrize("route", RANGE_ROUTES)
def test_a_malformed_year_in_a_range_is_a_400(manager_client, year_2021, route):
    # Only "9999" is written as a year: clamped to the years with data.
    paths = [f"{route}?{side}={year}" for year in BAD_YEARS for side in ("from", "to")]
    expected = {path: 200 if path.endswith("=9999") else 400 for path in paths}
    assert _statuses(manager_client, paths) == expected


@given(first=st.text(max_size=6), last=st.text(max_size=6))
def test_any_range_is_a_page_or_a_400(manager_client, year_2021, first, last):
    response = manager_client.get("/api/indicators/", {"from": first, "to": last})
    assert response.status_code in (200, 400)


@given(year=st.integers(min_value=0, max_value=10**40))
def test_any_year_is_a_page_or_a_404(manager_client, year_2021, year):
    for route in (
        "/dashboard/{}/",
        "/api/indicators/{}/",
        "/indicators/members.new/{}/",
    ):
        status = manager_client.get(route.format(year)).status_code
        assert status == (200 if year == 2021 else 404)


@pytest.mark.parametrize(
    "route", ["/indicators/{}/2021/", "/indicators/{}/2021/records.csv"]
)
def test_an_unknown_or_malformed_indicator_code_is_a_404(
    manager_client, year_2021, route
):
    paths = [route.format(quote(code, safe="")) for code in BAD_CODES]
    assert _statuses(manager_client, paths) == dict.fromkeys(paths, 404)


@given(code=st.text(min_size=1, max_size=80))
def test_any_indicator_code_is_a_page_or_a_404(manager_client, year_2021, code):
    response = manager_client.get(f"/indicators/{quote(code, safe='')}/2021/")
    assert response.status_code in {200, 404}


def test_any_records_page_number_shows_a_page(manager_client, year_2021):
    for page in BAD_PAGES:
        response = manager_client.get("/indicators/members.new/2021/", {"page": page})
        assert response.status_code == 200, page
        assert response.context["records"].page.number == 1


@given(page=st.text(max_size=30), extra=st.text(max_size=30))
def test_any_query_string_leaves_the_pages_whole(
    manager_client, year_2021, page, extra
):
    # A NUL character is refused on any page (metropolis_kpi/middleware.py).
    expected = 400 if NUL in page + extra else 200
    path = "/indicators/members.new/2021/"
    response = manager_client.get(path, {"page": page, extra or "x": extra})
    assert response.status_code == expected


@pytest.mark.parametrize(
    "path", ["/dashboard/2021/", "/indicators/members.new/2021/", "/admin/"]
)
def test_a_nul_character_in_a_query_string_is_a_bad_request(
    manager_client, year_2021, path
):
    for query in [{"page": NUL}, {"page": f"1{NUL}"}, {NUL: "1"}, {"o": f"{NUL}1"}]:
        assert manager_client.get(path, query).status_code == 400, query


def test_odd_sign_in_and_language_input_is_refused_cleanly(lenient):
    UserFactory(username="ana")
    for value in ODD_TEXT:
        for page in ("/accounts/login/", "/admin/login/"):
            response = lenient.post(page, {"username": value, "password": value})
            assert response.status_code == 200, (page, value)
            after = lenient.get(page, {"next": value})
            assert after.status_code == (400 if value == NUL else 200), (page, value)
        response = lenient.post("/i18n/setlang/", {"language": value, "next": value})
        assert response.status_code == 302, value


# The admin's lists -------------------------------------------------------------


def _changelist_queries(changelist):
    """Yield one malformed query at a time: each may stop the list early."""
    for value in ["abc", "999", "-0.-0", "0." * 50]:
        yield {"o": value}
    for value in ["abc", str(10**30), "1.5"]:
        yield {"p": value}
    for value in [NUL, "%", "'", "🙂", "a" * 5000]:
        yield {"q": value}
    bad = ["abc", "9" * 30, "2021-13-45"]
    for spec in changelist.filter_specs:
        for parameter in spec.expected_parameters():
            for value in bad:
                yield {parameter: value}
    if field := changelist.date_hierarchy:
        for year, month, day in [
            ("99999", None, None),
            ("9999", None, None),
            ("9999", "12", None),
            ("9999", "12", "31"),
            ("0", None, None),
            ("abc", None, None),
            ("2021", "13", None),
            ("2021", "2", "30"),
            (str(10**30), None, None),
        ]:
            query = {f"{field}__year": year}
            if month:
                query[f"{field}__month"] = month
            if day:
                query[f"{field}__day"] = day
            yield query
    yield from [
        {"id__in": "abc"},
        {"id__in": f"1,{NUL}"},
        {"pk__gt": "abc"},
        {"no_such_field": "1"},
        {"no_such_field__isnull": "maybe"},
        {"_to_field": "password"},
        {"_popup": "1", "_to_field": "id"},
        {"e": "1"},
        {"all": NUL},
        {"_changelist_filters": f"o={NUL}"},
        {"_facets": NUL},
    ]


@pytest.mark.parametrize("label", ADMIN_LABELS)
def test_malformed_admin_list_queries_are_never_a_500(superuser_client, label):
    ALL_FACTORIES[label]()
    url = f"/admin/{label.replace('.', '/')}/"
    page = superuser_client.get(url)
    assert page.status_code == 200
    failures = []
    for query in _changelist_queries(page.context["cl"]):
        status = superuser_client.get(url, query).status_code
        if status >= 500:
            failures.append((query, status))
    assert failures == []


def test_every_model_admin_and_inline_has_the_fixes_for_bad_input():
    request = _superuser_request()
    for model_admin in admin.site._registry.values():
        assert isinstance(model_admin, SafeInputMixin), model_admin
        for inline in model_admin.get_inline_instances(request):
            assert isinstance(inline, SafeInputMixin), inline


def _autocompletes():
    """Yield the query of every autocomplete field of the admin."""
    request = _superuser_request()
    for model_admin in admin.site._registry.values():
        admins = [model_admin, *model_admin.get_inline_instances(request)]
        for each in admins:
            for field in each.get_autocomplete_fields(request):
                yield {
                    "app_label": each.model._meta.app_label,
                    "model_name": each.model._meta.model_name,
                    "field_name": field,
                }


@pytest.mark.parametrize(
    "params",
    list(_autocompletes()),
    ids=lambda p: f"{p['model_name']}.{p['field_name']}",
)
def test_malformed_autocomplete_queries_are_never_a_500(superuser_client, params):
    queries = [{**params, "term": term} for term in ODD_TEXT]
    queries += [{**params, "term": "x", "page": p} for p in ["abc", "0", "9" * 30]]
    queries += [{**params, "field_name": "nope"}, {**params, "model_name": "nope"}]
    failures = [
        query
        for query in queries
        if superuser_client.get("/admin/autocomplete/", query).status_code >= 500
    ]
    assert failures == []


@pytest.mark.parametrize("action", ["delete_selected", "export_csv", "nope", NUL])
def test_a_bulk_action_on_malformed_keys_changes_nothing(superuser_client, action):
    member = MemberFactory()
    for selected in ["abc", "1.5", "9" * 40, ""]:
        response = superuser_client.post(
            "/admin/members/member/",
            {
                "action": action,
                "_selected_action": [selected],
                "index": "0",
                "post": "yes",
            },
        )
        assert response.status_code == 302, selected
    assert Member.objects.filter(pk=member.pk).exists()


# The admin's forms -------------------------------------------------------------


def _bad_values(field):
    """Return values of the wrong type or shape for a form field."""
    if field.disabled or isinstance(field, BooleanField):
        return []  # any value is a yes or a no
    if isinstance(field, ModelMultipleChoiceField | MultipleChoiceField):
        return [["abc"], ["9" * 40]]
    if isinstance(field, ModelChoiceField):
        return ["abc", "1.5", "999999999", "9" * 40]
    if isinstance(field, IntegerField | DecimalField | FloatField):
        return ["abc", "9" * 40, "1e400", "NaN"]
    if isinstance(field, DateField | DateTimeField):
        return ["2021-02-30", "99999-01-01", NUL]
    if isinstance(field, ChoiceField):
        return ["not-a-choice", NUL]
    max_length = getattr(field, "max_length", None)
    too_long = "x" * (max_length + 1) if max_length else None
    return [f"a{NUL}b", *([too_long] if too_long else [])]


def _form_data(form):
    """Return the POST data that submits a form's current values unchanged."""
    data = {}
    for name, field in form.fields.items():
        key = form.add_prefix(name)
        value = form[name].value()
        widget = field.widget
        if isinstance(widget, MultiWidget):
            parts = widget.decompress(value)
            for suffix, part in zip(widget.widgets_names, parts, strict=True):
                data[f"{key}{suffix}"] = _text(part)
        elif isinstance(field, BooleanField):
            if value:
                data[key] = "on"
        elif isinstance(value, list | tuple):
            data[key] = [_text(item) for item in value]
        else:
            data[key] = _text(value)
    return data


def _text(value):
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "pk"):
        return str(value.pk)
    return str(value)


def _page_data(response):
    """Return a change page's form data, its inlines' included."""
    data = _form_data(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        data.update(_form_data(formset.management_form))
        for form in formset.forms:
            data.update(_form_data(form))
    return data


def _changeable(label):
    model = next(m for m in admin.site._registry if m._meta.label_lower == label)
    model_admin = admin.site._registry[model]
    return [
        name
        for name, field in model_admin.get_form(_superuser_request())().fields.items()
        if _bad_values(field)
    ]


def _saved(instance):
    instance.refresh_from_db()
    return model_to_dict(instance)


@pytest.mark.parametrize("label", ADMIN_LABELS)
def test_malformed_change_forms_write_nothing(superuser_client, label):
    instance = ALL_FACTORIES[label]()
    url = f"/admin/{label.replace('.', '/')}/{instance.pk}/change/"
    page = superuser_client.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    if not page.context["has_change_permission"] or not form.fields:
        return  # a read-only page: nothing to post
    baseline = _page_data(page)
    before = _saved(instance)
    failures = []
    for name, field in form.fields.items():
        for bad in _bad_values(field):
            response = superuser_client.post(url, {**baseline, **_set(form, name, bad)})
            if response.status_code != 200 or not _has_errors(response):
                failures.append((name, bad[:20], response.status_code))
            assert _saved(instance) == before, (name, bad)
    assert failures == []
    # The untouched form is valid: the refusals above were the bad values'.
    assert superuser_client.post(url, baseline).status_code == 302


def _set(form, name, value):
    """Return the POST data that gives a field a value, in each part if many."""
    key = form.add_prefix(name)
    widget = form.fields[name].widget
    if isinstance(widget, MultiWidget):
        return {f"{key}{suffix}": value for suffix in widget.widgets_names}
    return {key: value}


def _has_errors(response):
    context = response.context
    if context is None or "adminform" not in context:
        return False
    if context["adminform"].form.errors:
        return True
    return any(
        inline.formset.errors or inline.formset.non_form_errors()
        for inline in context["inline_admin_formsets"]
    )


ALL_BAD = ["", NUL, "x" * 5000, "9" * 40, "abc"]
# Add forms with a single text field (an API token's name), which "abc" and
# "999…" fill rightly.
ONE_TEXT_FIELD = {"accounts.apitoken"}


@pytest.mark.parametrize("label", ADMIN_LABELS)
def test_malformed_add_forms_write_nothing(superuser_client, label):
    model = next(m for m in admin.site._registry if m._meta.label_lower == label)
    url = f"/admin/{label.replace('.', '/')}/add/"
    page = superuser_client.get(url)
    if page.status_code == 403:
        return  # these records are not added in the admin
    baseline = _page_data(page)
    count = model.objects.count()
    failures = []
    for bad in ALL_BAD[:3] if label in ONE_TEXT_FIELD else ALL_BAD:
        data = {key: bad for key in baseline if "-" not in key}
        for key in baseline:
            if key.endswith(("TOTAL_FORMS", "INITIAL_FORMS")):
                data[key] = bad
        response = superuser_client.post(url, data)
        if response.status_code >= 500:
            failures.append((bad[:20], response.status_code))
        assert model.objects.count() == count, bad[:20]
    assert failures == []


# The import page ---------------------------------------------------------------


@pytest.mark.parametrize(
    "token",
    ["", NUL, "../../etc", "a" * 5000, "🙂", "..", "x/y", "%2e%2e", " token "],
)
def test_a_bad_import_token_sends_back_to_the_upload(superuser_client, token):
    response = superuser_client.post(
        "/admin/imports/importrun/import/", {"token": token}
    )
    assert response.status_code == 302


def _zip(entries):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("members.csv", b"\x00\x01\x02\xff\xfe"),
        ("members.csv", b""),
        ("members.csv", b"code,name\n" + b"x" * 100_000),
        ("members.csv", b"code;name\n\x00;\x00\n"),
        ("members.xlsx", b"not a workbook"),
        ("unknown.csv", b"a,b\n1,2\n"),
        ("archive.zip", b"PK\x03\x04 broken"),
        ("archive.zip", _zip({"../../members.csv": "code\n"})),
        ("archive.zip", _zip({"nested.zip": _zip({"members.csv": "x"})})),
        ("\x00.csv", b"a\n"),
        ("🙂" * 100 + ".csv", b"a\n"),
    ],
)
def test_a_bad_upload_is_reported_not_a_500(superuser_client, name, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from apps.members.models import Member

    upload = SimpleUploadedFile(name, content)
    response = superuser_client.post(
        "/admin/imports/importrun/import/", {"files": [upload]}
    )
    assert response.status_code == 200
    assert Member.objects.count() == 0
