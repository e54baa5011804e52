from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from apps.common.admin import HistoryAdmin
from apps.common.admin_base import TabularInline

from .models import Measurement, Metric, Source


class MetricInline(TabularInline):
    model = Metric
    extra = 0
    fields = ("code", "label")
    readonly_fields = ("code",)
    verbose_name_plural = _("metrics (their labels are shown on pages)")


@admin.register(Source)
class SourceAdmin(HistoryAdmin):
    list_display = ("code", "name", "kind")
    list_filter = ("kind",)
    search_fields = ("code", "name")
    inlines = [MetricInline]


@admin.register(Measurement)
class MeasurementAdmin(HistoryAdmin):
    list_display = ("metric_name", "as_of", "value")
    list_filter = ("metric__source__kind", "metric__source", "metric__code", "as_of")
    search_fields = ("metric__source__code", "metric__source__name", "metric__code")
    list_select_related = ("metric__source",)
    date_hierarchy = "as_of"
    autocomplete_fields = ("metric",)

    @admin.display(description=_("metric"), ordering="metric__source__code")
    def metric_name(self, measurement: Measurement) -> str:
        metric = measurement.metric
        return f"{metric.source}: {metric.label or metric.code}"


@admin.register(Metric)
class MetricAdmin(HistoryAdmin):
    list_display = ("code", "source", "label")
    list_filter = ("source__kind", "source")
    search_fields = ("code", "label", "source__code", "source__name")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("source")
