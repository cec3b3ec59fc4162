"""Importing 5,000 supervisors (a city's worth) through the page takes seconds, not minutes.

A measurement with a bound, outside the unit suite (``testpaths`` does not
list benchmarks/): run it with ``python -m pytest benchmarks``.
"""

import time

from django.urls import reverse

from grid.importers import GridSupervisorImporter
from grid.models import GridSupervisor
from grid.tests.test_supervisor_import import county_townships, rows_for  # noqa: F401  (a fixture)
from tests.scoping import import_workbook, workbook_upload


def test_five_thousand_supervisors_import_in_seconds(cast, county_townships, login):  # noqa: F811
    townships, villages = county_townships
    rows = rows_for(townships, villages, 5000)
    upload = workbook_upload(GridSupervisorImporter, rows)
    started = time.perf_counter()
    response = import_workbook(login(cast.user_county), reverse("grid:grid_supervisor_import"), upload)
    elapsed = time.perf_counter() - started
    print(f"\nimported 5,000 supervisors in {elapsed:.1f} s")
    assert response.status_code == 302, response.context["errors"][:5]
    assert GridSupervisor.objects.count() == 5000
    assert GridSupervisor.objects.filter(level="chief").count() == len(townships)
    assert elapsed < 60
