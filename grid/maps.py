"""The grid app's layer of the e-map: township fire stations (乡镇消防所), at their township's seat."""

from django.urls import reverse

from base.emap import MapLayer, point, seat_of
from base.scoping import VIEW

from .models import FireStation

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
