"""The inspections app's parts on other apps' pages (see ``base.panels``)."""

from django.db.models import Exists, OuterRef

from base.panels import register_panel
from base.scoping import VIEW
from grid.models import Enterprise
from hazards.models import Hazard

from .models import Inspection, InspectionFinding, SelfCheckProblem


def enterprise_inspections(request, enterprise: Enterprise) -> dict:
    """检查一家、合格一家: the enterprise's inspections and re-inspections the user may see, newest first."""
    inspections = list(
        Inspection.objects.for_user(request.user, VIEW)
        .filter(enterprise=enterprise)
        .with_still_open()
        .annotate(reinspected=Exists(Inspection.objects.filter(previous=OuterRef("pk"))))
        .select_related("team")
        .order_by("-inspected_on", "-pk")[:30]
    )
    return {
        "inspections": inspections,
        "open_inspection": next((i for i in inspections if i.still_open and not i.reinspected), None),
        "may_inspect": Inspection.may_change(request.user),
    }


def hazard_source(request, hazard: Hazard) -> dict | None:
    """The inspection finding or self-check problem a hazard was opened from, linked back."""
    finding = (
        InspectionFinding.objects.filter(hazard=hazard).select_related("inspection__team", "inspection__enterprise")
    ).first()
    problem = None if finding else SelfCheckProblem.objects.filter(hazard=hazard).select_related("report").first()
    if finding is None and problem is None:
        return None
    inspection = finding.inspection if finding else None
    visible = (
        inspection is not None and Inspection.objects.for_user(request.user, VIEW).filter(pk=inspection.pk).exists()
    )
    return {"finding": finding, "problem": problem, "inspection_visible": visible}


register_panel(Enterprise, "detail", "inspections/enterprise_panel.html", context=enterprise_inspections)
register_panel(Hazard, "detail", "inspections/hazard_source_panel.html", context=hazard_source)
