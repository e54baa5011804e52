"""The indicators registry, filled from each domain app's `indicators.py`.

A domain app declares its counters with the `@indicator` decorator::

    @indicator("members.new", label=_("New members"), section="network")
    def new_members(period: Period) -> int:
        \"\"\"Members that joined during the period.\"\"\"
        return Member.objects.joined_during(period).count()

and may attach companions to the returned `Indicator` (see `indicator.py`).

Each indicator also names the records that make its data (`data=`, or the
default source of its app: see `data_span`). Before the first of those
records, its value is "no data" (None), never 0 (see `spans.py`).
"""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import QuerySet
from django.utils.functional import Promise

from .indicator import SECTIONS, Indicator, Value
from .makeup import ONE_ROW_ONE_UNIT, Makeup
from .memo import memoised
from .periods import Period
from .spans import DataSource, Span, read_spans


class AlreadyRegistered(Exception):
    pass


class NotRegistered(LookupError):
    pass


class IndicatorRegistry:
    def __init__(self) -> None:
        self._registry: dict[str, Indicator] = {}
        self._sources: dict[str, DataSource] = {}
        self._providers: list[Callable[[], list[Indicator]]] = []

    def register(self, item: Indicator) -> Indicator:
        if item.code in self._registry:
            raise AlreadyRegistered(f"Indicator {item.code!r} is already registered.")
        self._registry[item.code] = item
        return item

    def get(self, code: str) -> Indicator:
        try:
            return self._registry[code]
        except KeyError:
            pass
        for item in self._provided():
            if item.code == code:
                return item
        raise NotRegistered(f"No indicator {code!r}.")

    def all(self) -> list[Indicator]:
        """Return every indicator, in the report's section order.

        Indicators made from data (see `register_provider`) are listed after
        the registered ones of their section; finding them costs one query.
        """
        order = list(SECTIONS)
        items = [*self._registry.values(), *self._provided()]
        return sorted(items, key=lambda item: order.index(item.section))

    def register_provider(self, func: Callable[[], list[Indicator]]) -> Callable:
        """Register a function listing indicators made from data, such as one
        per (source, metric) of the reported measurements. Their codes must
        not collide with registered ones."""
        self._providers.append(func)
        return func

    def _provided(self) -> list[Indicator]:
        return memoised(
            ("provided", id(self)),
            lambda: [item for func in self._providers for item in func()],
        )

    def register_source(self, source: DataSource) -> DataSource:
        if source.name in self._sources:
            raise AlreadyRegistered(f"Data source {source.name!r} is registered.")
        self._sources[source.name] = source
        return source

    def sources(self) -> dict[str, DataSource]:
        return dict(self._sources)

    def source_of(self, item: Indicator) -> DataSource | None:
        """Return the source whose records make an indicator: the one it names,
        else its app's default source (None if there is neither)."""
        if item.data is not None:
            return self._sources[item.data]
        module = getattr(item.compute, "__module__", None)
        for source in self._sources.values():
            if source.default and source.module == module:
                return source
        return None

    def spans(self) -> dict[str, Span]:
        """Return every source's span, read in one query (once per evaluation)."""
        sources = list(self._sources.values())
        return memoised(("spans", id(self)), lambda: read_spans(sources))

    def span_of(self, item: Indicator) -> Span:
        """Return the span of an indicator's data.

        An indicator with no source (none named, none by default in its app)
        takes the span of all the recorded activity (`years_with_data`).
        """
        source = self.source_of(item)
        if source is None:
            return self.activity_span()
        return self.spans()[source.name]

    def activity_span(self) -> Span:
        """Return the span of the secretariat's recorded activity: from the
        first to the last record of the sources marked as activity."""
        spans = self.spans()
        activity = [spans[s.name] for s in self._sources.values() if s.activity]
        firsts = [span.first for span in activity if span.first is not None]
        lasts = [span.last for span in activity if span.last is not None]
        if not firsts:
            return Span(None, None)
        return Span(min(firsts), max(lasts))

    def years_with_data(self) -> range:
        """Return the years from the first to the last recorded activity (maybe
        none): the years the pages offer. Members joining is no activity."""
        span = self.activity_span()
        if span.first is None or span.last is None:
            return range(0)
        return range(span.first.year, span.last.year + 1)


registry = IndicatorRegistry()


def indicator(
    code: str,
    *,
    label: str | Promise,
    section: str,
    unit: str = "count",
    share_of: str | None = None,
    counted: tuple[str, ...] = (),
    makeup: Makeup = ONE_ROW_ONE_UNIT,
    extra_columns: tuple[str, ...] = (),
    data: str | None = None,
) -> Callable[[Callable[[Period], Value]], Indicator]:
    """Register the decorated function as the computation of an indicator.

    `counted` names the columns of the records' annual file (or of
    `extra_columns`, annotations of the records) that the number counts or
    filters on; `makeup` how the records make the number.
    `data` names the source of its records (see `data_span`), if not its
    module's default one.
    """

    def register(func: Callable[[Period], Value]) -> Indicator:
        return registry.register(
            Indicator(
                code=code,
                label=label,
                section=section,
                unit=unit,
                compute=func,
                share_of=share_of,
                counted=counted,
                makeup=makeup,
                extra_columns=extra_columns,
                data=data,
            )
        )

    return register


def data_span(
    name: str, *, field: str, activity: bool = True, default: bool = False
) -> Callable[[Callable[[], QuerySet]], Callable[[], QuerySet]]:
    """Register the decorated function's records as a source of data.

    ::

        @data_span("events", field="starts_on", default=True)
        def events_data() -> QuerySet[Event]:
            return Event.objects.all()

    An indicator names its source with `@indicator(…, data="events")`, or
    takes the one its module marks `default`.
    """

    def register(func: Callable[[], QuerySet]) -> Callable[[], QuerySet]:
        registry.register_source(
            DataSource(name, func, field, activity, default, func.__module__)
        )
        return func

    return register


indicator_provider = registry.register_provider
