"""The enforcement app's parts on grid's pages (see ``base.panels``)."""

from base.panels import register_panel
from base.scoping import VIEW
from grid.models import Enterprise, SupervisionVisit

from .models import Penalty, PromptListDelivery


def visit_delivery(request, visit: SupervisionVisit) -> dict | None:
    """The prompt-list delivery this visit made, if it handed the list over."""
    if not visit.prompt_list_delivered:
        return None
    return {"delivery": PromptListDelivery.objects.filter(visit=visit).select_related("version").first()}


def enterprise_enforcement(request, enterprise: Enterprise) -> dict:
    """The enterprise's prompt-list deliveries and the penalties the user may see."""
    return {
        "deliveries": PromptListDelivery.objects.filter(enterprise=enterprise).select_related("version")[:5],
        "penalties": Penalty.objects.for_user(request.user, VIEW)
        .filter(enterprise=enterprise)
        .select_related("department")[:10],
    }


register_panel(SupervisionVisit, "detail", "enforcement/visit_delivery_panel.html", context=visit_delivery)
register_panel(Enterprise, "detail", "enforcement/enterprise_panel.html", context=enterprise_enforcement)
