"""The hazards app's layers of the e-map: risk points by grade and open major hazards with their leader."""

from django.db.models import F
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from base.choices import RiskGrade
from base.emap import MapLayer, point
from base.scoping import VIEW

from .choices import HazardGrade, HazardStatus
from .models import Hazard, RiskPoint, period_of


def risk_point_features(user, region, public: bool) -> list[dict]:
    """Points in control this period under ``region``, coloured by grade."""
    rows = (
        RiskPoint.objects.for_user(user, VIEW)
        .active()
        .filter(region__path__startswith=region.path, period=period_of(timezone.localdate()))
        .exclude(longitude__isnull=True)
        .values("pk", "name", "grade", "longitude", "latitude", "region__name")
    )
    detail = reverse("hazards:risk_point_detail", args=[0])[:-2]
    return [
        point(
            row["longitude"],
            row["latitude"],
            title=RiskGrade.label(row["grade"]) if public else row["name"],
            detail=row["region__name"],
            colour=RiskGrade.colour(row["grade"]),
            **({} if public else {"url": f"{detail}{row['pk']}/"}),
        )
        for row in rows
    ]


def major_hazard_features(user, region, public: bool) -> list[dict]:
    """Open major hazards under ``region`` at their unit (or risk point), each with its leader (挂包领导)."""
    rows = (
        Hazard.objects.for_user(user, VIEW)
        .open()
        .filter(region__path__startswith=region.path, grade=HazardGrade.MAJOR)
        .with_leader()
        .annotate(
            lon=Coalesce(F("enterprise__longitude"), F("risk_point__longitude")),
            lat=Coalesce(F("enterprise__latitude"), F("risk_point__latitude")),
        )
        .exclude(lon__isnull=True)
        .values("pk", "title", "status", "lon", "lat", "region__name", "leader_name")
    )
    detail = reverse("hazards:hazard_detail", args=[0])[:-2]
    features = []
    for row in rows:
        leader = f"挂包领导：{row['leader_name']}" if row["leader_name"] else "未挂包"
        properties = (
            {"title": "重大隐患", "detail": f"{row['region__name']} · {HazardStatus.label(row['status'])}"}
            if public
            else {
                "title": row["title"],
                "detail": f"{row['region__name']} · {HazardStatus.label(row['status'])} · {leader}",
                "url": f"{detail}{row['pk']}/",
            }
        )
        features.append(point(row["lon"], row["lat"], colour="#842029", **properties))
    return features


LAYERS = [
    MapLayer(
        "risk_points",
        "风险点",
        risk_point_features,
        legend=[(RiskGrade.label(g), RiskGrade.colour(g)) for g in RiskGrade.values],
    ),
    MapLayer(
        "major_hazards",
        "重大隐患（未销号）",
        major_hazard_features,
        legend=[("重大隐患", "#842029")],
        shape="square",
    ),
]
