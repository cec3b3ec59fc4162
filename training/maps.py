"""The training app's layer of the e-map: warning classes (一季一班) of this quarter, at their region's seat."""

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from base.emap import MapLayer, point
from base.scoping import VIEW
from grid.maps import seat_of

from .models import WarningClass, quarter_of

CLASS_COLOUR = "#0dcaf0"


def warning_class_features(user, region, public: bool) -> list[dict]:
    """This quarter's classes open to ``region`` (held in it or above it); a class stands at its region's centre."""
    today = timezone.localdate()
    rows = (
        WarningClass.objects.for_user(user, VIEW)
        .filter(Q(region__path__startswith=region.path) | Q(region__code__in=region.ancestor_codes))
        .filter(year=today.year, quarter=quarter_of(today))
        .annotate(**seat_of("region"))
        .exclude(lon__isnull=True)
        .values("pk", "title", "starts_at", "region__name", "lon", "lat")
    )
    detail = reverse("training:warning_class_detail", args=[0])[:-2]
    return [
        point(
            row["lon"],
            row["lat"],
            title=row["title"],
            detail=f"{row['region__name']} · {timezone.localtime(row['starts_at']):%Y-%m-%d}",
            colour=CLASS_COLOUR,
            **({} if public else {"url": f"{detail}{row['pk']}/"}),
        )
        for row in rows
    ]


LAYERS = [
    MapLayer(
        "warning_classes",
        "本季警示教育班",
        warning_class_features,
        legend=[("学习班", CLASS_COLOUR)],
        shape="diamond",
    )
]
