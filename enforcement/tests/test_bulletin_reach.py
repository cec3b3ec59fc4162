"""The 督查通报 states the prompt list's delivery rate when a version is in force."""

import datetime

from django.utils import timezone

from enforcement.reports import bulletin_facts
from enforcement.services import delivery_record
from grid.tests.factories import EnterpriseFactory

from .factories import published_version


def test_the_bulletin_states_the_prompt_list_delivery_rate(cast):
    # Last year's list: its March is past, whatever day the suite runs.
    version = published_version(region=cast.city, year=timezone.localdate().year - 1)
    reached = EnterpriseFactory(region=cast.township_a)
    EnterpriseFactory(region=cast.township_b)
    delivery_record(enterprise=reached, delivered_on=datetime.date(version.year, 3, 2), by=None)
    facts = bulletin_facts(month=datetime.date(version.year, 3, 1), region=cast.county)
    figures = {figure.label: figure for fact in facts for figure in fact.figures}
    rate = figures[f"{version.year}年版提示清单送达率"]
    assert (rate.unit, float(rate.this)) == ("%", 50.0)
