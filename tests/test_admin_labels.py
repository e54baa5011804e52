"""The admin's labels: translated, and starting with a capital, in each language."""

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.utils import translation
from django.utils.text import capfirst

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def form_classes(request):
    for model, model_admin in admin.site._registry.items():
        yield model._meta.label, model_admin.get_form(request)
        for inline in model_admin.get_inline_instances(request):
            yield f"{model._meta.label} inline", inline.get_formset(request).form


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_every_admin_form_label_starts_with_a_capital(language):
    request = RequestFactory().get("/admin/")
    request.user = UserFactory(is_staff=True, is_superuser=True)
    lowercase = []
    with translation.override(language):
        for where, form in form_classes(request):
            for name, field in form.base_fields.items():
                label = str(field.label) if field.label else ""
                if label and label != capfirst(label):
                    lowercase.append(f"{where}.{name}: {label}")
    assert lowercase == []


# Names that French or Spanish spell as English does.
SAME_AS_ENGLISH = {"fr": {"Publications", "Programmes"}, "es": set()}


@pytest.mark.parametrize("language", ["fr", "es"])
def test_every_app_the_admin_shows_is_named_in_the_reader_s_language(language):
    # Apps without a model in the admin (sessions, csp…) are named nowhere.
    shown = {model._meta.app_config for model in admin.site._registry}
    names = {}
    for config in shown:
        with translation.override("en"):
            english = str(config.verbose_name)
        with translation.override(language):
            names[english] = str(config.verbose_name)
    untranslated = {
        english
        for english, translated in names.items()
        if english == translated and english not in SAME_AS_ENGLISH[language]
    }
    assert untranslated == set()


def test_the_admin_names_the_accounts_app_in_french_and_spanish(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    home = client.get("/admin/", headers={"accept-language": "es"}).content.decode()
    assert "Cuentas" in home
    assert "Intentos de inicio de sesión" in home
    page = client.get("/admin/accounts/apitoken/", headers={"accept-language": "fr"})
    assert '&rsaquo; <a href="/admin/accounts/">Comptes</a>' in page.content.decode()
