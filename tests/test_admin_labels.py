"""Every admin form's labels start with a capital, in each language."""

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
