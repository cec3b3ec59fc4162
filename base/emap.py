"""The e-map's layers (电子一张图), one registry for the desk's map and the big screen.

An app adds layers by defining ``LAYERS`` in its ``maps.py``: a list of
``MapLayer``. ``features(user, region, public)`` returns GeoJSON features of
the rows ``user`` may see under ``region``, in a bounded number of queries;
``public`` (the big screen) leaves out names of people and links. Every feature's
properties carry ``colour`` and ``title``; ``url`` opens the record.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Avg, F, Func, OuterRef, Subquery
from django.db.models.functions import Substr

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


def seat_of(region_lookup: str) -> dict:
    """``lon``/``lat`` annotations: the centre of the located enterprises under the row's region (regions carry
    no coordinates), as subqueries, so a layer of stations or classes stays one query."""
    from grid.models import Enterprise

    located = Enterprise.objects.filter(
        region__path__startswith=OuterRef(f"{region_lookup}__path"), longitude__isnull=False
    ).order_by()
    # AVG as a plain function, not an aggregate: no GROUP BY, one row per subquery.
    return {
        coordinate: Subquery(located.annotate(c=Func(F(field), function="AVG")).values("c")[:1])
        for coordinate, field in (("lon", "longitude"), ("lat", "latitude"))
    }


def region_labels(region) -> list[dict]:
    """Names of the counties and townships under ``region`` at the centre of their located enterprises,
    computed in the database (one GROUP BY per level)."""
    from grid.choices import RegionLevel
    from grid.models import Enterprise, Region

    located = Enterprise.objects.filter(region__path__startswith=region.path, longitude__isnull=False)
    levels = [RegionLevel.COUNTY, RegionLevel.TOWNSHIP] if region.level == RegionLevel.CITY else [RegionLevel.TOWNSHIP]
    if region.level not in (RegionLevel.CITY, RegionLevel.COUNTY):
        levels = []
    labels = []
    for level in levels:
        sample = Region.objects.filter(path__startswith=region.path, level=level).values_list("path", flat=True)
        length = len(sample.first() or "")
        if not length:
            continue
        rows = (
            located.annotate(area=Substr("region__path", 1, length))
            .order_by()
            .values("area")
            .annotate(lon=Avg("longitude"), lat=Avg("latitude"))
        )
        centres = {row["area"]: row for row in rows}
        for area in Region.objects.filter(path__in=centres, level=level).order_by("code"):
            centre = centres[area.path]
            labels.append({"name": area.name, "level": level, "lon": float(centre["lon"]), "lat": float(centre["lat"])})
    return labels
