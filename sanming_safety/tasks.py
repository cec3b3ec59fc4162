import datetime

from celery import shared_task

from base import aggregates, jobs
from base.discovery import app_modules
from base.reports import month_bounds
from grid.models import Region

from . import dashboard, desk  # noqa: F401  (they register the desk's and the dashboard's kept values)
from .services import draft_bulletin


@jobs.scheduled("monthly", order=90, label="督查通报起草")
def draft_bulletins(day: datetime.date) -> int:
    """On the 1st, the month just ended: the city's 督查通报 and each county's drafted for the committees to edit
    and issue (a month drafted already is left as it is)."""
    last_month = month_bounds(day)[0] - datetime.timedelta(days=1)
    regions = Region.objects.filter(level__in=["city", "county"]).order_by("code")
    return sum(draft_bulletin(month=last_month, region=region)[1] for region in regions)


@shared_task
def renew_kept_numbers() -> int:
    """Beat, every ``DASHBOARD_CACHE_SECONDS``: compute again the city's and the counties' kept numbers that
    officials asked for lately, so their pages read them instead of counting (see ``base.aggregates``)."""
    app_modules("reports")  # each app's reports register the values they keep
    return aggregates.renew_asked()
