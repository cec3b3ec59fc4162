"""Risk points as GeoJSON features for the e-map: one query of plain values."""

from django.db.models import F
from django.db.models.functions import Coalesce
from django.urls import reverse

from base.choices import RiskGrade
from grid.choices import Industry

from ..choices import ControlLevel, HazardColour, HazardGrade, HazardStatus, RiskPointKind


def feature_collection_schema(**extra_properties) -> dict:
    """The OpenAPI schema of a GeoJSON FeatureCollection of points, as the e-map's endpoints answer it."""
    return {
        "type": "object",
        "properties": {
            "type": {"type": "string", "enum": ["FeatureCollection"]},
            "features": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "type": {"type": "string", "enum": ["Feature"]},
                        "geometry": {"type": "object"},
                        "properties": {"type": "object"},
                    },
                    "required": ["type", "geometry", "properties"],
                },
            },
            **extra_properties,
        },
        "required": ["type", "features", *extra_properties],
    }


def risk_point_features(points) -> list[dict]:
    rows = points.exclude(longitude__isnull=True).values(
        "pk",
        "name",
        "longitude",
        "latitude",
        "grade",
        "control_level",
        "industry",
        "kind",
        "period",
        "region_id",
        "region__name",
        "enterprise__name",
    )
    detail = reverse("hazards:risk_point_detail", args=[0])[:-2]
    return [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [float(row["longitude"]), float(row["latitude"])]},
            "properties": {
                "id": row["pk"],
                "name": row["name"],
                "region": row["region_id"],
                "region_name": row["region__name"],
                "enterprise": row["enterprise__name"] or "",
                "period": row["period"],
                "grade": row["grade"],
                "grade_label": RiskGrade.label(row["grade"]),
                "colour": RiskGrade.colour(row["grade"]),
                "control_level": ControlLevel.label(row["control_level"]),
                "industry": Industry.label(row["industry"]),
                "kind": RiskPointKind.label(row["kind"]),
                "url": f"{detail}{row['pk']}/",
            },
        }
        for row in rows.iterator(chunk_size=2000)
    ]


def hazard_features(hazards, limit: int | None = None) -> list[dict]:
    """Hazards placed at their unit (or their risk point), coloured by 分色治理; ``hazards`` has ``with_colour``.

    With ``limit``, only the first ``limit`` in the queryset's order.
    """
    rows = (
        hazards.annotate(
            lon=Coalesce(F("enterprise__longitude"), F("risk_point__longitude")),
            lat=Coalesce(F("enterprise__latitude"), F("risk_point__latitude")),
        )
        .exclude(lon__isnull=True)
        .values("pk", "title", "grade", "status", "colour", "deadline", "lon", "lat", "region_id", "region__name")
    )
    if limit is not None:
        rows = rows[:limit]
    detail = reverse("hazards:hazard_detail", args=[0])[:-2]
    return [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [float(row["lon"]), float(row["lat"])]},
            "properties": {
                "id": row["pk"],
                "title": row["title"],
                "region": row["region_id"],
                "region_name": row["region__name"],
                "grade_label": HazardGrade.label(row["grade"]),
                "status_label": HazardStatus.label(row["status"]),
                "colour": HazardColour.colour(row["colour"]),
                "colour_label": HazardColour.label(row["colour"]),
                "deadline": row["deadline"].isoformat() if row["deadline"] else "",
                "url": f"{detail}{row['pk']}/",
            },
        }
        for row in rows.iterator(chunk_size=2000)
    ]
