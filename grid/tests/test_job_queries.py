"""Opening the period's assessments asks the database as often for 2 supervisors as for 6."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

from grid import tasks
from grid.models import SupervisorAssessment

from .factories import GridSupervisorFactory


def queries(job) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as captured:
        opened = job()
    return len(captured), opened


def test_opening_assessments_costs_the_same_queries_for_two_or_six_supervisors(cast):
    first = GridSupervisorFactory.create_batch(2)
    few, opened = queries(lambda: tasks.open_quarterly_assessments(datetime.date(2026, 10, 1)))
    assert opened == 2
    later = GridSupervisorFactory.create_batch(6)
    GridSupervisorFactory(active_to=datetime.date(2026, 6, 30))  # left before the quarter: no assessment
    many, opened = queries(lambda: tasks.open_quarterly_assessments(datetime.date(2026, 10, 1)))
    assert (few, opened) == (many, 6)
    assessed = SupervisorAssessment.objects.filter(year=2026, period="q3").values_list("supervisor", flat=True)
    assert sorted(assessed) == sorted(s.pk for s in first + later)
