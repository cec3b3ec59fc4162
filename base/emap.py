"""The e-map's layers (电子一张图), one registry for the desk's map and the big screen.

An app adds layers by defining ``LAYERS`` in its ``maps.py``: a list of
``MapLayer``. ``features(user, region, public)`` returns GeoJSON features of
the rows ``user`` may see under ``region``, in a bounded number of queries;
``public`` (the big screen) leaves out names of people and links. Every feature's
properties carry ``colour`` and ``title``; ``url`` opens the record.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from .discovery import app_modules


@dataclass(frozen=True)
class MapLayer:
    key: str
    label: str
    features: Callable
    legend: list[tuple[str, str]] = field(default_factory=list)
    shape: str = "circle"
    shown: bool = True


def map_layers() -> list[MapLayer]:
    """Every app's layers, in INSTALLED_APPS order."""
    return [layer for maps in app_modules("maps") for layer in getattr(maps, "LAYERS", [])]


def layer_of(key: str) -> MapLayer | None:
    return next((layer for layer in map_layers() if layer.key == key), None)


def point(lon, lat, **properties) -> dict:
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [float(lon), float(lat)]},
        "properties": properties,
    }
