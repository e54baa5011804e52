from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from apps.imports.registry import annual_file
from apps.imports.resources import AnnualResource, CellError, Column
from apps.imports.widgets import (
    ChoiceWidget,
    DateWidget,
    IntegerWidget,
    NaturalKeyWidget,
    TextWidget,
)

from .models import (
    CODE_LENGTH,
    CODE_VALIDATOR,
    Measurement,
    Metric,
    Name,
    Source,
    SourceKind,
)


class CodeWidget(TextWidget):
    """A source or metric code, in any case: `USE_Platform` is `use_platform`."""

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> str | None:
        text = super().clean(value)
        if text is None:
            return None
        code = text.lower()
        if len(code) > CODE_LENGTH:
            raise ValueError(_("at most %(n)s characters") % {"n": CODE_LENGTH})
        try:
            CODE_VALIDATOR(code)
        except ValidationError as error:
            raise ValueError(error.messages[0]) from None
        return code


@annual_file("measurements.csv")
class MeasurementResource(AnnualResource):
    """Counts reported by outside sources; a new source or metric is created."""

    source = Column(
        widget=CodeWidget(), required=True, virtual=True, shows="metric__source"
    )
    source_kind = Column(
        widget=ChoiceWidget(SourceKind),
        required=True,
        virtual=True,
        shows="metric__source__kind",
    )
    metric = Column(widget=CodeWidget(), required=True, virtual=True, shows="metric")
    as_of = Column(widget=DateWidget(), required=True)
    value = Column(widget=IntegerWidget(min_value=0), required=True)

    class Meta(AnnualResource.Meta):
        model = Measurement
        import_id_fields = ("source", "metric", "as_of")

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._sources: dict[str, Source] | None = None
        self._metrics: dict[tuple[str, str], int] | None = None

    export_related = ("metric__source",)

    def dehydrate_source(self, measurement: Measurement) -> str:
        return measurement.metric.source.code

    def dehydrate_source_kind(self, measurement: Measurement) -> str:
        return measurement.metric.source.kind

    def dehydrate_metric(self, measurement: Measurement) -> str:
        return measurement.metric.code

    def key_attnames(self) -> list[str]:
        return ["metric_id", "as_of"]

    def finish_row(self, values: dict[str, Any]) -> None:
        source = self._source(values.pop("source"), values.pop("source_kind"))
        values["metric_id"] = self._metric(source, values.pop("metric"))

    def _source(self, code: str, kind: str) -> Source:
        if self._sources is None:  # one query per file, then a row per new source
            self._sources = {s.code: s for s in Source.objects.all()}
        source = self._sources.get(code)
        if source is None:
            source = self._sources[code] = Source.objects.create(code=code, kind=kind)
        elif source.kind != kind:
            raise CellError(
                "source_kind",
                _("%(code)s is a %(kind)s, as recorded before")
                % {"code": code, "kind": source.kind},
            )
        return source

    def _metric(self, source: Source, code: str) -> int:
        if self._metrics is None:
            self._metrics = {
                (m.source.code, m.code): m.pk
                for m in Metric.objects.select_related("source")
            }
        key = (source.code, code)
        if key not in self._metrics:
            self._metrics[key] = Metric.objects.create(source=source, code=code).pk
        return self._metrics[key]


class SourceWidget(NaturalKeyWidget):
    """A source already recorded, by its code in any case."""

    def __init__(self) -> None:
        super().__init__(Source)

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> int | None:
        return super().clean(str(value or "").lower())


@annual_file("names.csv", after=["measurements.csv"])
class NameResource(AnnualResource):
    """What sources and their metrics are called and mean, in each language.

    A row with an empty metric names the source itself.
    """

    source = Column(widget=SourceWidget(), required=True)
    metric = Column(widget=CodeWidget())
    name_en = Column()
    name_fr = Column()
    name_es = Column()
    definition_en = Column()
    definition_fr = Column()
    definition_es = Column()

    class Meta(AnnualResource.Meta):
        model = Name
        import_id_fields = ("source", "metric")

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._metrics: set[tuple[int, str]] | None = None

    def finish_row(self, values: dict[str, Any]) -> None:
        if not values["metric"]:
            return
        if self._metrics is None:  # one query per file
            self._metrics = set(Metric.objects.values_list("source_id", "code"))
        if (values["source_id"], values["metric"]) not in self._metrics:
            raise CellError("metric", _("not a metric of this source"))
