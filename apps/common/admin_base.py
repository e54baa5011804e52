"""Django's admin classes, answering malformed input with an error, not a 500.

Django 5.2's admin crashes on a few inputs anyone can type into an address
bar or a form (tests/test_bad_input.py finds them):

- a date-hierarchy year near the end of the calendar (`?joined_on__year=9999`)
  or too large for a date;
- a key that is not a key (`abc`, `1.5`, a number too large for the column) in
  an autocomplete field or in the records an action is asked to act on;
- on SQLite, such a number among a many-to-many field's choices;
- such a key in a record's address (`/admin/members/member/abc/history/`,
  a version `…/history/x/`): a 404;
- such a value in a list's filters (`?id__in=99999999999999999999`,
  `?event=…`: a 500 on SQLite and PostgreSQL alike), and any filter Django
  cannot apply: a 400, where Django would send to a "Database error" page;
- a list's page out of range (`?p=99999`, `?p=0`): the last or the first
  page, where Django would send to that "Database error" page.

A record's page links a read-only related record (an edition's publisher, a
token's user) to its admin page only when the reader may open it: Django
links whenever the related model is registered, for anyone (a 403).

It also reads dates as every form of the site does (ISO or day first, see
`metropolis_kpi/formats`), in the list filters too, and says so beside each
date field.

Every model admin of the project derives from `ModelAdmin` or
`TabularInline` here (tests/test_bad_input.py checks it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import NotRelationField, get_fields_from_path, unquote
from django.contrib.admin.views.main import ChangeList as DjangoChangeList
from django.contrib.admin.widgets import AutocompleteSelect as DjangoAutocomplete
from django.core.exceptions import BadRequest, FieldDoesNotExist, ValidationError
from django.db import DEFAULT_DB_ALIAS, connections, models
from django.db.models.constants import LOOKUP_SEP
from django.db.models.options import Options
from django.http import Http404
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.common.countries import country_choices

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


# Lookups whose values are of the field's own type (`in`, `range`: several).
VALUE_LOOKUPS = {"exact", "iexact", "in", "range", "gt", "gte", "lt", "lte"}


def lookup_target(
    model: type[models.Model], lookup: str
) -> tuple[models.Field | None, str]:
    """Return the field a filter's values are compared with, and its lookup.

    `event`, `event__id__exact` and `event__pk__in` all compare with the
    event's key; (None, "") when the path names no field of the model.
    """
    opts: Options[Any] | None = model._meta
    field, parts = None, lookup.split(LOOKUP_SEP)
    for position, part in enumerate(parts):
        if opts is None:
            return _compared(field), LOOKUP_SEP.join(parts[position:])
        try:
            field = opts.pk if part == "pk" else opts.get_field(part)
        except FieldDoesNotExist:
            if field is None:
                return None, ""
            return _compared(field), LOOKUP_SEP.join(parts[position:])
        related = getattr(field, "related_model", None)
        opts = related._meta if field.is_relation and related else None
    return _compared(field), "exact"


def _compared(field):
    if field is not None and field.is_relation:
        return getattr(field, "target_field", None)
    return field


def check_filter_values(model: type[models.Model], params: dict, using: str) -> None:
    """Refuse filter values their column cannot hold (an error, not a 500)."""
    for key, values in params.items():
        field, lookup = lookup_target(model, key)
        if field is None or lookup not in VALUE_LOOKUPS:
            continue
        for value in values if isinstance(values, list) else [values]:
            items = value.split(",") if lookup in {"in", "range"} else [value]
            if not all(is_usable_key(field, item, using) for item in items):
                raise IncorrectLookupParameters(f"{key}={value}")


class ChangeList(DjangoChangeList):
    def get_filters_params(self, params=None):
        lookup_params = super().get_filters_params(params)
        for key, values in lookup_params.items():
            if is_date_lookup(self.model, key):
                lookup_params[key] = [iso_date(value) for value in values]
        check_filter_values(self.model, lookup_params, self.root_queryset.db)
        return lookup_params

    def get_results(self, request):
        try:
            super().get_results(request)
        except IncorrectLookupParameters:
            # A page out of range (the last records of a list deleted, an old
            # link): the nearest page, where Django would answer an error.
            paginator = self.model_admin.get_paginator(
                request, self.queryset, self.list_per_page
            )
            self.page_num = 1 if self.page_num < 1 else paginator.num_pages
            super().get_results(request)

    def get_filters(self, request):
        # A date hierarchy's bounds overflow past 9999-12-31.
        try:
            return super().get_filters(request)
        except (ValueError, OverflowError) as error:
            raise IncorrectLookupParameters(error) from error


class ReadonlyField(helpers.AdminReadonlyField):
    def get_admin_url(self, remote_field, remote_obj):
        request = getattr(self.form, "admin_request", None)
        site = cast("admin.ModelAdmin[Any]", self.model_admin).admin_site
        related = site._registry.get(remote_field.model)
        if (
            request is None
            or related is None
            or not related.has_view_or_change_permission(request)
        ):
            return str(remote_obj)
        # A method of Django's, absent from django-stubs.
        return super().get_admin_url(remote_field, remote_obj)  # type: ignore[misc]


# Django's admin forms build their read-only fields from this name, and offer
# no other way to give them the request.
helpers.AdminReadonlyField = ReadonlyField  # type: ignore[misc]


def give_request(context, request) -> None:
    """Give a change page's forms (the record's and its inlines') the request
    their read-only fields check the reader's rights with."""
    forms = []
    if "adminform" in context:
        forms.append(context["adminform"].form)
    for inline in context.get("inline_admin_formsets", []):
        forms.extend(inline.formset.forms)
    for form in forms:
        form.admin_request = request


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
            # The admin gives every such field a queryset.
            queryset = cast("models.QuerySet[Any]", self.queryset)
            model = queryset.model
            key = model._meta.get_field(self.to_field_name or model._meta.pk.name)
            for item in value:
                if not is_usable_key(key, item, queryset.db):
                    raise ValidationError(
                        self.error_messages["invalid_pk_value"],
                        code="invalid_pk_value",
                        params={"pk": item},
                    )
        # A private method of Django's field, absent from django-stubs.
        return super()._check_values(value)  # type: ignore[misc]


if TYPE_CHECKING:
    # What the mixin extends: a model admin's methods (an inline has those
    # it uses; the others are only called on model admins).
    _AdminBase = admin.ModelAdmin[Any]
else:
    _AdminBase = object


class SafeInputMixin(_AdminBase):
    """The fixes, for model admins (Django's or another app's) and inlines."""

    def get_changelist(self, request, **kwargs):
        return ChangeList

    def render_change_form(self, request, context, *args, **kwargs):
        give_request(context, request)
        return super().render_change_form(request, context, *args, **kwargs)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None:
            with_date_hint(formfield)
        return formfield

    def get_changelist_instance(self, request):
        try:
            return super().get_changelist_instance(request)
        except IncorrectLookupParameters as error:
            raise BadRequest(error) from error

    def get_object(self, request, object_id, from_field=None):
        self.check_key(object_id, from_field)
        return super().get_object(request, object_id, from_field)

    def history_view(self, request, object_id, extra_context=None):
        self.check_key(unquote(object_id))
        return super().history_view(request, object_id, extra_context)

    def check_key(self, value, field_name=None) -> None:
        """Answer a 404 for a record's address whose key is no key."""
        opts = self.model._meta
        field = opts.get_field(field_name) if field_name else opts.pk
        if not is_usable_key(field, value, self.get_queryset_db()):
            raise Http404

    def get_queryset_db(self) -> str:
        return self.model._default_manager.db

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


class CountryListFilter(admin.AllValuesFieldListFilter):
    """A list's filter on the countries its records name (not all 249), by
    their names in the reader's language, sorted so; the address keeps the
    code (`?country=ES`)."""

    def choices(self, changelist):
        names = dict(country_choices())
        order = {code: rank for rank, (code, _name) in enumerate(names.items())}
        # A list, where Django keeps a query of the distinct values.
        self.lookup_choices = sorted(  # type: ignore[assignment]
            self.lookup_choices, key=lambda code: order.get(code, len(order))
        )
        for choice in super().choices(changelist):
            # A country's display is its code, and its count with facets
            # ("ES (3)"); "All" and the empty value's are no code.
            code, space, count = str(choice["display"]).partition(" ")
            if code in names:
                choice = {**choice, "display": f"{names[code]}{space}{count}"}
            yield choice
