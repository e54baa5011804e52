"""The known annual files, each registered by its resource."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from .resources import AnnualResource


class UnknownFile(LookupError):
    pass


class AnnualFileRegistry:
    def __init__(self) -> None:
        self._registry: dict[str, type[AnnualResource]] = {}

    def register(self, resource: type[AnnualResource]) -> type[AnnualResource]:
        name = resource.file_name
        if name in self._registry:
            raise ValueError(f"{name} is already registered.")
        self._registry[name] = resource
        return resource

    def get(self, name: str) -> type[AnnualResource]:
        try:
            return self._registry[name.lower()]
        except KeyError:
            raise UnknownFile(name) from None

    def for_model(self, model: type) -> type[AnnualResource] | None:
        """Return the resource of the file that holds a model's records."""
        for resource in self._registry.values():
            if resource._meta.model is model:
                return resource
        return None

    def names(self) -> list[str]:
        return sorted(self._registry)

    def in_order(self, names: Iterable[str] | None = None) -> list[str]:
        """Return file names so that each comes after the files it depends on."""
        wanted = set(self._registry if names is None else names)
        ordered: list[str] = []

        def visit(name: str, path: tuple[str, ...]) -> None:
            if name in ordered:
                return
            if name in path:
                raise ValueError(f"Circular file dependency: {' -> '.join(path)}")
            for dependency in sorted(self._registry[name].depends_on):
                visit(dependency, (*path, name))
            if name in wanted:
                ordered.append(name)

        for name in sorted(wanted):
            visit(name, ())
        return ordered


annual_files = AnnualFileRegistry()


def annual_file(
    name: str, *, after: Iterable[str] = ()
) -> Callable[[type[AnnualResource]], type[AnnualResource]]:
    """Register the decorated resource as the reader of the annual file `name`."""

    def register(resource: type[AnnualResource]) -> type[AnnualResource]:
        resource.file_name = name
        resource.depends_on = tuple(after)
        return annual_files.register(resource)

    return register
