"""The dashboard composes each app's panel: ``<app>.reports.dashboard(user)``
rendered by ``<app>/dashboard_panel.html``.

A grid supervisor's home page is their to-do list instead, from each app's
``supervisor_dashboard(user)`` rendered by ``<app>/supervisor_panel.html``.
"""

from base.choices import Role
from base.discovery import app_modules
from base.scoping import official_of


def is_supervisor_home(user) -> bool:
    official = official_of(user)
    return official is not None and official.role == Role.GRID_SUPERVISOR


def dashboard_panels(user) -> list[dict]:
    function, template = (
        ("supervisor_dashboard", "supervisor_panel.html")
        if is_supervisor_home(user)
        else ("dashboard", "dashboard_panel.html")
    )
    return [
        {"template": f"{reports.__name__.split('.')[0]}/{template}", "data": getattr(reports, function)(user)}
        for reports in app_modules("reports")
        if hasattr(reports, function)
    ]
