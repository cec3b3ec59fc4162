import datetime

from base import jobs
from grid.choices import RegionLevel
from grid.models import Region

from .services import assessment_compute


@jobs.scheduled("yearly", label="评先评优挂钩年度计算")
def compute_last_years_assessments(day: datetime.date) -> int:
    """At the turn of the year, last year's 评先评优挂钩 of every city, for its committee to confirm."""
    return sum(
        assessment_compute(year=day.year - 1, city=city, as_of=day)
        for city in Region.objects.filter(level=RegionLevel.CITY)
    )
