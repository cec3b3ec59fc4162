"""The inspections app's layer of the e-map: the units on the running campaign's lists (大检查在查企业),
coloured by their state in the campaign — 未检查, 合格, 不合格待复查."""

from django.urls import reverse
from django.utils import timezone

from base.choices import Colour
from base.emap import MapLayer, point
from base.scoping import VIEW
from grid.models import Enterprise

from .choices import PhaseKind
from .reports import current_campaign, duties_of, listed, with_state

UNINSPECTED, PASSED, FAILED_OPEN = "未检查", "合格", "不合格待复查"
STATE_COLOURS = {UNINSPECTED: Colour.GREY, PASSED: Colour.GREEN, FAILED_OPEN: Colour.RED}


def state_of(row: dict) -> str:
    if row["failed_open"]:
        return FAILED_OPEN
    return PASSED if row["inspected"] else UNINSPECTED


def inspection_unit_features(user, region, public: bool) -> list[dict]:
    """Located units on the lists of the campaign running today (as ``user`` sees them) under ``region``.

    The big screen (``public``) shows the state and the township only: no unit or regulator, no link.
    """
    today = timezone.localdate()
    campaign = current_campaign(user, today)
    if campaign is None or not campaign.contains(today):
        return []
    phase = campaign.phase_on(today)
    stage = f"{campaign.name} · {PhaseKind.label(phase.kind)}" if phase else campaign.name
    rows = (
        with_state(
            Enterprise.objects.for_user(user, VIEW).filter(
                listed(campaign, duties_of(campaign)), region__path__startswith=region.path
            ),
            campaign,
        )
        .exclude(longitude__isnull=True)
        .exclude(latitude__isnull=True)
        .values("pk", "name", "longitude", "latitude", "region__name", "department__name", "inspected", "failed_open")
    )
    detail = reverse("grid:enterprise_detail", args=[0])[:-2]
    features = []
    for row in rows:
        state = state_of(row)
        properties = (
            {"title": state, "detail": f"{row['region__name']} · {stage}"}
            if public
            else {
                "title": row["name"],
                "detail": f"{row['region__name']} · {state} · {row['department__name'] or '—'} · {stage}",
                "url": f"{detail}{row['pk']}/",
            }
        )
        colour = STATE_COLOURS[state]
        features.append(point(row["longitude"], row["latitude"], colour=colour, state=state, **properties))
    return features


LAYERS = [
    MapLayer(
        "inspection_units",
        "大检查在查企业",
        inspection_unit_features,
        legend=[(state, colour) for state, colour in STATE_COLOURS.items()],
        shape="diamond",
    )
]
