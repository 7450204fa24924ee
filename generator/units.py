"""Conversion factors between the units of ``model.UNITS``, for checking derived values.

Units convert only within a family (mass, geological time, duration, ...); a
conversion between families, or for a unit in no family, has no factor.
"""

from __future__ import annotations

#: Each family maps its units to their size in the family's first unit.
FAMILIES: dict[str, dict[str, float]] = {
    "mass": {"g": 1.0, "kg": 1_000.0, "t": 1_000_000.0, "lb": 453.59237},
    "age": {"Ma": 1.0, "Ga": 1_000.0, "Gyr": 1_000.0},
    "duration": {"h": 1.0, "d": 24.0},
    "length": {"m": 1.0, "km": 1_000.0},
    "mass fraction": {"µg/g": 1.0, "ppm": 1.0, "wt%": 10_000.0},
    "fraction": {"‰": 1.0, "%": 10.0},
}


class NoConversion(ValueError):
    """The two units measure different things, so no factor turns one into the other."""


def family(unit: str) -> str | None:
    """The family a unit belongs to, or None."""
    for name, units in FAMILIES.items():
        if unit in units:
            return name
    return None


def factor(from_unit: str, to_unit: str) -> float:
    """How many ``to_unit`` make one ``from_unit``."""
    if from_unit == to_unit:
        return 1.0
    name = family(from_unit)
    if name is None or name != family(to_unit):
        raise NoConversion(
            f"there is no known conversion from {from_unit} to {to_unit}; use units that measure the same thing"
        )
    units = FAMILIES[name]
    return units[from_unit] / units[to_unit]


def convert(value: float, from_unit: str, to_unit: str) -> float:
    """``value`` in ``from_unit`` expressed in ``to_unit``."""
    return value * factor(from_unit, to_unit)
