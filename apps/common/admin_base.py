"""Django's admin classes, answering malformed input with an error, not a 500.

Django 5.2's admin crashes on a few inputs anyone can type into an address
bar or a form (tests/test_bad_input.py finds them):

- a date-hierarchy year near the end of the calendar (`?joined_on__year=9999`)
  or too large for a date;
- a key that is not a key (`abc`, `1.5`, a number too large for the column) in
  an autocomplete field or in the records an action is asked to act on;
- on SQLite, such a number among a many-to-many field's choices.

It also reads dates as every form of the site does (ISO or day first, see
`metropolis_kpi/formats`), in the list filters too, and says so beside each
date field.

Every model admin of the project derives from `ModelAdmin` or
`TabularInline` here (tests/test_bad_input.py checks it).
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import NotRelationField, get_fields_from_path
from django.contrib.admin.views.main import ChangeList as DjangoChangeList
from django.contrib.admin.widgets import AutocompleteSelect as DjangoAutocomplete
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import DEFAULT_DB_ALIAS, connections, models
from django.db.models.constants import LOOKUP_SEP
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# The formats DATE_INPUT_FORMATS accepts, as a person writes them.
DATE_HINT = gettext_lazy("YYYY-MM-DD or DD/MM/YYYY")
DATE_LOOKUPS = ("exact", "gt", "gte", "lt", "lte")


def is_usable_key(field: models.Field, value, using: str = DEFAULT_DB_ALIAS) -> bool:
    """Say whether a value can be looked up in a key column without crashing."""
    try:
        python = field.to_python(value)
    except ValidationError:
        return False
    if isinstance(python, int):
        low, high = connections[using].ops.integer_field_range(
            field.get_internal_type()
        )
        return (low is None or python >= low) and (high is None or python <= high)
    return True


def is_date_lookup(model: type[models.Model], key: str) -> bool:
    """Say whether a list filter's parameter compares a date (not a moment)."""
    path = key.split(LOOKUP_SEP)
    if path[-1] in DATE_LOOKUPS:
        path = path[:-1]
    try:
        field = get_fields_from_path(model, LOOKUP_SEP.join(path))[-1]
    except (FieldDoesNotExist, NotRelationField):
        return False
    return isinstance(field, models.DateField) and not isinstance(
        field, models.DateTimeField
    )


def iso_date(value: str) -> str:
    """Write a date typed in any accepted format as ISO; leave anything else."""
    try:
        return forms.DateField().clean(value).isoformat()
    except ValidationError:
        return value  # refused by the lookup, as Django does


def with_date_hint(formfield: forms.Field) -> None:
    """Show the date formats a field accepts: as its placeholder and help."""
    if isinstance(formfield, forms.SplitDateTimeField):
        widget = formfield.widget.widgets[0]
    elif isinstance(formfield, forms.DateField):
        widget = formfield.widget
    else:
        return
    widget.attrs.setdefault("placeholder", DATE_HINT)
    help_text = formfield.help_text
    formfield.help_text = (
        format_lazy("{} {}", help_text, DATE_HINT) if help_text else DATE_HINT
    )


class ChangeList(DjangoChangeList):
    def get_filters_params(self, params=None):
        lookup_params = super().get_filters_params(params)
        for key, values in lookup_params.items():
            if is_date_lookup(self.model, key):
                lookup_params[key] = [iso_date(value) for value in values]
        return lookup_params

    def get_filters(self, request):
        # A date hierarchy's bounds overflow past 9999-12-31.
        try:
            return super().get_filters(request)
        except (ValueError, OverflowError) as error:
            raise IncorrectLookupParameters(error) from error


class AutocompleteSelect(DjangoAutocomplete):
    def optgroups(self, name, value, attr=None):
        # The invalid key a form sends back would crash the options' query.
        target = self.field.remote_field.model._meta.get_field(
            self.field.remote_field.field_name
        )
        using = self.db or DEFAULT_DB_ALIAS
        usable = [item for item in value if is_usable_key(target, item, using)]
        return super().optgroups(name, usable, attr)


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    def _check_values(self, value):
        if isinstance(value, list | tuple):
            model = self.queryset.model
            key = model._meta.get_field(self.to_field_name or model._meta.pk.name)
            for item in value:
                if not is_usable_key(key, item, self.queryset.db):
                    raise ValidationError(
                        self.error_messages["invalid_pk_value"],
                        code="invalid_pk_value",
                        params={"pk": item},
                    )
        return super()._check_values(value)


class SafeInputMixin:
    """The fixes, for model admins (Django's or another app's) and inlines."""

    def get_changelist(self, request, **kwargs):
        return ChangeList

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None:
            with_date_hint(formfield)
        return formfield

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(
            request
        ):
            kwargs["widget"] = AutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs.setdefault("form_class", ModelMultipleChoiceField)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def response_action(self, request, queryset):
        selected = request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)
        key = self.model._meta.pk
        if not all(is_usable_key(key, value, queryset.db) for value in selected):
            self.message_user(
                request,
                _(
                    "Items must be selected in order to perform "
                    "actions on them. No items have been changed."
                ),
                messages.WARNING,
            )
            return None
        return super().response_action(request, queryset)


class ModelAdmin(SafeInputMixin, admin.ModelAdmin):
    pass


class TabularInline(SafeInputMixin, admin.TabularInline):
    pass
