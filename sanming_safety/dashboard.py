"""The dashboard composes each app's panel: ``<app>.reports.dashboard(user)``
rendered by ``<app>/dashboard_panel.html``."""

from base.discovery import app_modules


def dashboard_panels(user) -> list[dict]:
    return [
        {"template": f"{reports.__name__.split('.')[0]}/dashboard_panel.html", "data": reports.dashboard(user)}
        for reports in app_modules("reports")
        if hasattr(reports, "dashboard")
    ]
