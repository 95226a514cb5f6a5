"""Parameters in layers: data file, then fitted file, then a sweep's draw, then the command line.

Every value the engine reads is a `Sourced` number: its value, unit, the layer that set it
last and where that layer read it (file and field). A `ParameterSet` starts from the
municipality's data files (`data_layer`) and each later layer replaces values by name; a
name no lower layer defines is refused, so a misspelt name cannot be silently ignored, and
layers apply in order only (a fitted file after a draw would hide the draw).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import IntEnum
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from models.municipality import Municipality

#: Prefix of the entry multipliers of the non-dementia need-group cells.
ENTRY_SCALE = "entry_scale"


class Layer(IntEnum):
    """Where a value comes from, lowest first; a later layer overrides an earlier one."""

    DATA = 0      # the municipality's parameters.toml / demography.toml / need_groups.csv
    FITTED = 1    # calibration/fitted/<municipality>.toml (or a calibration trial)
    DRAW = 2      # one parameter draw of a sweep
    CLI = 3       # the command line

    @property
    def label(self) -> str:
        """Return the layer's name as run.json writes it."""
        return self.name.lower()


@dataclass(frozen=True, slots=True)
class Sourced:
    """A number with its unit, the layer that set it and where that layer read it."""

    value: float
    unit: str
    layer: Layer
    source: str

    def to_dict(self) -> dict[str, Any]:
        """Return the run.json form."""
        return {"value": self.value, "unit": self.unit, "layer": self.layer.label,
                "source": self.source}


def entry_scale_name(group: str, trinn: int) -> str:
    """Return the parameter name of a need-group cell's entry multiplier."""
    return f"{ENTRY_SCALE}:{group}:{trinn}"


@dataclass(frozen=True)
class ParameterSet:
    """Named numbers built in layers (build with `data_layer`, then `with_layer`)."""

    values: Mapping[str, Sourced]
    top: Layer = Layer.DATA

    def __post_init__(self) -> None:
        if not isinstance(self.values, MappingProxyType):
            object.__setattr__(self, "values", MappingProxyType(dict(self.values)))

    def __reduce__(self) -> tuple[type[ParameterSet], tuple[dict[str, Sourced], Layer]]:
        # a mappingproxy does not pickle: send a dict, wrapped again on arrival
        return ParameterSet, (dict(self.values), self.top)

    def __getitem__(self, name: str) -> float:
        return self.values[name].value

    def __contains__(self, name: object) -> bool:
        return name in self.values

    def source(self, name: str) -> str:
        """Return ``"<layer>: <source>"`` of a value, for provenance records."""
        v = self.values[name]
        return f"{v.layer.label}: {v.source}"

    def with_layer(self, layer: Layer, source: str, values: Mapping[str, float]
                   ) -> ParameterSet:
        """Return a copy with ``values`` set by ``layer``, read from ``source``.

        Raises
        ------
        ValueError
            If a name is not defined by the data layer, or ``layer`` is below one already
            applied.
        """
        if layer < self.top:
            raise ValueError(f"the {layer.label} layer cannot be applied after the "
                             f"{self.top.label} layer")
        unknown = sorted(set(values) - set(self.values))
        if unknown:
            raise ValueError(f"unknown parameter(s) {unknown} in {source}; known: those of "
                             f"parameters.toml, demography.toml and {ENTRY_SCALE}:<group>:"
                             "<trinn> of need_groups.csv")
        if not values:
            return self if layer == self.top else ParameterSet(self.values, layer)
        out = dict(self.values)
        for name, value in values.items():
            out[name] = Sourced(float(value), out[name].unit, layer, source)
        return ParameterSet(MappingProxyType(out), layer)

    def to_dict(self) -> dict[str, dict[str, Any]]:
        """Return every value with its unit, layer and source (the run.json form)."""
        return {name: v.to_dict() for name, v in sorted(self.values.items())}


def data_layer(m: Municipality) -> ParameterSet:
    """Return the data layer of a municipality: parameters.toml, demography.toml, and an
    entry multiplier of 1 for every need-group cell of need_groups.csv."""
    out: dict[str, Sourced] = {}
    for params in (m.parameters, m.demography):
        for name, p in params.items.items():
            out[name] = Sourced(p.value, p.unit, Layer.DATA,
                                f"{params.path.name}: {name} ({p.source})")
    for c in m.needs.cells:
        out[entry_scale_name(c.group, c.trinn)] = Sourced(
            1.0, "multiplier on the cell's entry hazard", Layer.DATA,
            f"need_groups.csv: {c.group}, trinn {c.trinn} (not calibrated: 1)")
    return ParameterSet(MappingProxyType(out))
