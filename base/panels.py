"""Panels: one app's part on another app's page, without the page's app knowing it.

An app registers a panel for a model and a slot, in its ``panels.py``
imported from its ``AppConfig.ready()``::

    register_panel(VisitFinding, "finding", "hazards/finding_hazard_panel.html", context=finding_hazard)

and the page that shows such an object names the slot in its template::

    {% load panels %}{% panels finding "finding" %}

Each panel registered for the object's model and that slot is rendered, in
the order they were registered, with the page's context, ``object`` set to
the panel's object, and what ``context(request, obj)`` returns; a panel
whose function returns None is left out. The generic detail page renders the slot ``"detail"`` of its
object. So grid's visit page offers 登记为隐患 when hazards is installed, and
renders without it when it is not.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.html import format_html_join


@dataclass(frozen=True)
class Panel:
    template: str
    context: Callable | None = None


_panels: dict[tuple[str, str], list[Panel]] = {}


def register_panel(model, slot: str, template: str, *, context: Callable | None = None) -> None:
    """Show ``template`` in ``slot`` of the pages of ``model``'s objects; see the module's docstring."""
    panels = _panels.setdefault((model._meta.label_lower, slot), [])
    panel = Panel(template, context)
    if panel not in panels:
        panels.append(panel)


def render_panels(request, obj, slot: str, page_context: dict) -> str:
    """The HTML of every panel registered for ``obj``'s model in ``slot``, in order."""
    rendered = []
    for panel in _panels.get((obj._meta.label_lower, slot), []):
        extra = panel.context(request, obj) if panel.context is not None else {}
        if extra is None:
            continue
        # The page's context already holds what context processors add (request, csrf_token, the
        # navigation): rendering without the request does not compute it again for every panel.
        rendered.append(render_to_string(panel.template, {**page_context, "object": obj, **extra}))
    return format_html_join("", "{}", ((html,) for html in rendered))
