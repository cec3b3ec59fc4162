"""The hazards app's parts on other apps' pages (see ``base.panels``)."""

from base.panels import register_panel
from grid.models import VisitFinding

from .models import Hazard


def finding_hazard(request, finding: VisitFinding) -> dict:
    """The hazard opened from a visit finding, if any: the panel links it, or offers 登记为隐患."""
    return {"hazard": Hazard.objects.filter(visit_finding=finding).first()}


register_panel(VisitFinding, "finding", "hazards/finding_hazard_panel.html", context=finding_hazard)
