"""Every list and API of the campaign costs the same queries at two data sizes."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from grid.tests.factories import EnterpriseFactory

from ..models import (
    ChecklistItem,
    DutyAssignment,
    Evaluation,
    InspectionCheck,
    InspectionFinding,
    SelfCheckReport,
)
from .factories import checklists, city_campaign, department, make_campaign, make_inspection, make_team


def grow(cast, n):
    """``n`` more of each kind of record in township A and the county."""
    checklists()
    campaign = city_campaign()
    item = ChecklistItem.objects.first()
    first_year = 2000 + Evaluation.objects.count()
    for index in range(n):
        county_campaign = make_campaign(cast.county)
        DutyAssignment.objects.create(
            campaign=county_campaign,
            department=department(cast.county),
            industries=["construction"],
            supervision_levels=["county"],
        )
        team = make_team(cast.county, campaign=campaign, department=department(cast.county))
        enterprise = EnterpriseFactory(region=cast.township_a, supervised_by="emergency")
        failed = make_inspection(cast.township_a, team=team, enterprise=enterprise, result="failed")
        InspectionCheck.objects.create(inspection=failed, item=item, outcome="fail")
        InspectionFinding.objects.create(inspection=failed, description="安全出口堵塞")
        make_inspection(cast.township_a, team=team, enterprise=enterprise, previous=failed)
        SelfCheckReport.objects.create(
            campaign=campaign, enterprise=enterprise, checked_on=campaign.starts_on, items_checked=10
        )
        Evaluation.objects.create(year=first_year + index, region=cast.county)


def count(client, url) -> int:
    client.get(url)  # warm caches (content types, sessions)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


PAGES = [
    ("inspections:campaign_list", "user_county", 8),
    ("inspections:campaign_phase_list", "user_county", 8),
    ("inspections:duty_assignment_list", "user_department", 8),
    ("inspections:inspection_team_list", "user_county", 10),
    ("inspections:inspection_list", "user_a", 11),
    ("inspections:self_check_report_list", "user_a", 10),
    ("inspections:checklist_item_list", "user_a", 7),
    ("inspections:evaluation_list", "user_city", 7),
]
APIS = [
    ("/api/v1/inspections/campaigns/", "user_county", 6),
    ("/api/v1/inspections/duties/", "user_county", 5),
    ("/api/v1/inspections/teams/", "user_county", 6),
    ("/api/v1/inspections/records/", "user_a", 7),
    ("/api/v1/inspections/self-checks/", "user_a", 6),
]


@pytest.mark.parametrize(("name", "user", "pinned"), PAGES + APIS)
def test_a_list_costs_the_same_queries_at_two_sizes(cast, login, name, user, pinned):
    client = login(getattr(cast, user))
    url = name if name.startswith("/") else reverse(name)
    grow(cast, 3)
    small = count(client, url)
    grow(cast, 20)
    assert (small, count(client, url)) == (pinned, pinned)
