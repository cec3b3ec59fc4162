import datetime

from base import jobs


@jobs.scheduled("monthly", order=90)
def archive_bulletins(day: datetime.date) -> int:
    """On the 1st, the month just ended: the city's workbook and each county's, kept for download."""
    from base.reports import month_bounds
    from grid.models import Region

    from .bulletin import archive

    last_month = month_bounds(day)[0] - datetime.timedelta(days=1)
    regions = Region.objects.filter(level__in=["city", "county"]).order_by("code")
    return sum(archive(last_month, region)[1] for region in regions)
