from django import forms
from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.common.admin import HistoryAdmin
from apps.common.admin_base import TabularInline
from apps.common.numbers import format_count

from .models import Measurement, Metric, Name, Source


class NameForm(forms.ModelForm):
    def clean_metric(self) -> str:
        """A name is of the source itself (no metric) or of one of its metrics."""
        code = self.cleaned_data["metric"]
        source = self.instance.source_id
        if code and not Metric.objects.filter(source_id=source, code=code).exists():
            raise forms.ValidationError(_("not a metric of this source"))
        return code


class NameInline(TabularInline):
    """A source's names and its metrics', the three languages side by side."""

    model = Name
    form = NameForm
    extra = 0
    fields = (
        "metric",
        "name_en",
        "name_fr",
        "name_es",
        "definition_en",
        "definition_fr",
        "definition_es",
    )
    formfield_overrides = {  # narrow, so that one row fits a screen
        models.CharField: {"widget": forms.TextInput(attrs={"size": 18})},
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 22})},
    }
    verbose_name_plural = _(
        "names (leave the metric empty for the source's own name; a name "
        "missing in a language falls back to English)"
    )


class MetricInline(TabularInline):
    model = Metric
    extra = 0
    fields = ("code",)
    readonly_fields = ("code",)
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Source)
class SourceAdmin(HistoryAdmin):
    list_display = ("code", "kind")
    list_filter = ("kind",)
    search_fields = ("code", "names__name_en", "names__name_fr", "names__name_es")
    inlines = [NameInline, MetricInline]


@admin.register(Measurement)
class MeasurementAdmin(HistoryAdmin):
    list_display = ("metric_name", "as_of", "shown_value")
    list_filter = ("metric__source__kind", "metric__source", "metric__code", "as_of")
    search_fields = ("metric__source__code", "metric__code")
    list_select_related = ("metric__source",)
    date_hierarchy = "as_of"
    autocomplete_fields = ("metric",)

    @admin.display(description=_("metric"), ordering="metric__source__code")
    def metric_name(self, measurement: Measurement) -> str:
        return str(measurement.metric)

    @admin.display(description=_("value"), ordering="value")
    def shown_value(self, measurement: Measurement) -> str:
        return format_count(measurement.value)


@admin.register(Metric)
class MetricAdmin(HistoryAdmin):
    list_display = ("code", "source")
    list_filter = ("source__kind", "source")
    search_fields = ("code", "source__code")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("source")
