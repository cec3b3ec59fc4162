"""The grid app's part of the e-map: where a region stands (regions carry no coordinates: at the centre of
their located enterprises), its name on the map, and the layer of township fire stations (乡镇消防所)."""

from django.db.models import Avg, F, Func, OuterRef, Subquery
from django.db.models.functions import Substr
from django.urls import reverse

from base.emap import MapLayer, point
from base.scoping import VIEW

from .choices import RegionLevel
from .models import Enterprise, FireStation, Region


def seat_of(region_lookup: str) -> dict:
    """``lon``/``lat`` annotations: the centre of the located enterprises under the row's region (regions carry
    no coordinates), as subqueries, so a layer of stations or classes stays one query."""
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


STATION_COLOUR = "#6f42c1"


def fire_station_features(user, region, public: bool) -> list[dict]:
    """Stations under ``region``; a station has no coordinates, so it stands at its township's centre."""
    rows = (
        FireStation.objects.for_user(user, VIEW)
        .filter(region__path__startswith=region.path)
        .annotate(**seat_of("region"))
        .exclude(lon__isnull=True)
        .values("pk", "name", "region__name", "lon", "lat")
    )
    detail = reverse("grid:fire_station_detail", args=[0])[:-2]
    return [
        point(
            row["lon"],
            row["lat"],
            title=row["name"],
            detail=row["region__name"],
            colour=STATION_COLOUR,
            **({} if public else {"url": f"{detail}{row['pk']}/"}),
        )
        for row in rows
    ]


LAYERS = [
    MapLayer(
        "fire_stations",
        "乡镇消防所",
        fire_station_features,
        legend=[("消防所", STATION_COLOUR)],
        shape="triangle",
    )
]
