"""The dashboard composes each app's panel: ``<app>.reports.dashboard(user)``
rendered by ``<app>/dashboard_panel.html``.

A grid supervisor's home page is their to-do list instead, from each app's
``supervisor_dashboard(user)`` rendered by ``<app>/supervisor_panel.html``.
"""

from base.aggregates import Freshness, keeps, kept, scope_key
from base.choices import Role
from base.discovery import app_modules
from base.scoping import official_of

from .desk import jurisdiction


def is_supervisor_home(user) -> bool:
    official = official_of(user)
    return official is not None and official.role == Role.GRID_SUPERVISOR


def kept_panels(user) -> tuple[list[dict], Freshness | None]:
    """The dashboard's panels, kept a short while for a city or a county (see ``base.aggregates``)."""
    if is_supervisor_home(user) or scope_key(user) is None:
        return dashboard_panels(user), None
    return kept(user, "dashboard", region=jurisdiction(user))


@keeps("dashboard")
def kept_dashboard(user, region) -> list[dict]:
    """The panels of the city's or a county's dashboard, kept for ``kept_panels`` (``region`` is the user's)."""
    return dashboard_panels(user)


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
