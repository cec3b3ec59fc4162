"""The dashboard composes each app's panel: ``<app>.reports.dashboard(user)``
rendered by ``<app>/dashboard_panel.html``."""

from importlib import import_module

PANEL_APPS = ("hazards", "grid", "inspections", "training", "enforcement")


def dashboard_panels(user) -> list[dict]:
    panels = []
    for app in PANEL_APPS:
        try:
            reports = import_module(f"{app}.reports")
        except ModuleNotFoundError:
            continue
        if hasattr(reports, "dashboard"):
            panels.append({"template": f"{app}/dashboard_panel.html", "data": reports.dashboard(user)})
    return panels
