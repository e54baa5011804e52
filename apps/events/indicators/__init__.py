"""The events app's indicators, discovered by `apps.indicators` as a module
would be: importing the package registers them, the event counters first
(within a section, the report lists indicators in their order)."""

from . import events, participations  # noqa: F401
