"""Immutable, picklable mappings for frozen scenario objects.

``types.MappingProxyType`` would be read-only too, but it cannot be pickled, and a
Scenario travels to worker processes and Ray tasks.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class FrozenMap(Mapping[K, V]):
    """A read-only mapping that keeps insertion order, compares equal to any equal mapping
    and hashes by content."""

    __slots__ = ("_data",)
    _data: dict[K, V]

    def __init__(self, data: Mapping[K, V] | None = None) -> None:
        object.__setattr__(self, "_data", dict(data or {}))

    def __getitem__(self, key: K) -> V:
        return self._data[key]

    def __iter__(self) -> Iterator[K]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __hash__(self) -> int:
        return hash(frozenset(self._data.items()))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Mapping):
            return NotImplemented
        return self._data == dict(other.items())

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self._data,))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._data!r})"


class Mix(FrozenMap[str, float]):
    """Shares of a need group's cases per pathway, e.g. ``{"normal": 0.5, "proactive": 0.5}``.

    Pathways not listed have share 0. The loader guarantees shares in 0..1 summing to 1.
    """

    __slots__ = ()

    def share(self, pathway: str) -> float:
        """Return the share of ``pathway`` (0.0 if not listed)."""
        return self._data.get(pathway, 0.0)
