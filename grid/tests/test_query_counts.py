"""List pages and API lists cost the same number of queries at any size."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from grid.models import SupervisionGuide, SupervisorAssessment
from grid.services import guide_publish, visit_record

from .factories import GridFactory, GridSupervisorFactory, supervised_enterprise

URLS = [
    "/grid/grids/",
    "/grid/supervisors/",
    "/grid/guides/",
    "/grid/guide-receipts/",
    "/grid/visits/",
    "/grid/assessments/",
    "/grid/overview/",
    "/api/v1/grid/grids/",
    "/api/v1/grid/supervisors/",
    "/api/v1/grid/guides/",
    "/api/v1/grid/guide-receipts/",
    "/api/v1/grid/visits/",
    "/api/v1/grid/assessments/",
]


def grow(cast, n: int) -> None:
    """``n`` more of everything in township A."""
    for index in range(n):
        level = "chief" if index == 0 else "first"
        supervisor = GridSupervisorFactory(region=cast.township_a, level=level)
        enterprise = supervised_enterprise(supervisor)
        GridFactory(region=cast.township_a, enterprises=[enterprise])
        visit = visit_record(
            supervisor=supervisor,
            enterprise=enterprise,
            visited_on=datetime.date(2026, 2, 1),
            items_checked=["ledger"],
            prompt_list_delivered=True,
            findings=["问题"],
            by=None,
        )
        assert visit.pk
        SupervisorAssessment.objects.create(supervisor=supervisor, year=2026, period="q1")
    guide = SupervisionGuide.objects.create(
        region=cast.county,
        year=2026,
        number=SupervisionGuide.objects.count() + 1,
        month=datetime.date(2026, 2, 1),
        title="指南",
        content="…",
    )
    guide_publish(guide=guide, by=cast.user_county)


def count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.parametrize("url", URLS)
def test_query_count_does_not_grow_with_the_data(cast, client, url):
    client.force_login(cast.user_county)
    grow(cast, 2)
    small = count(client, url)
    grow(cast, 8)
    assert count(client, url) == small


@pytest.mark.parametrize(
    ("url", "queries"),
    [("/grid/supervisors/", 10), ("/api/v1/grid/supervisors/", 6), ("/grid/visits/", 9), ("/api/v1/grid/visits/", 6)],
)
def test_pinned_query_counts(cast, client, django_assert_num_queries, url, queries):
    client.force_login(cast.user_county)
    grow(cast, 3)
    client.get(url)  # session and content types warmed
    with django_assert_num_queries(queries):
        client.get(url)
