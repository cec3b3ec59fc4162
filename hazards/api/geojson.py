"""Risk points as GeoJSON features for the e-map: one query of plain values."""

from django.urls import reverse

from grid.choices import Industry
from sanming_safety.choices import RiskGrade

from ..choices import ControlLevel, RiskPointKind


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
