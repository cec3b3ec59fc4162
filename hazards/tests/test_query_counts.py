import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hazards import services
from hazards.choices import HazardGrade
from hazards.models import Hazard

from .factories import HazardFactory, RiskPointFactory, SupervisionItemFactory


def make_hazards(cast, n):
    for i in range(n):
        hazard = HazardFactory(region=cast.township_a, grade=HazardGrade.MAJOR if i % 3 == 0 else "general")
        if hazard.is_major:
            services.leader_assign(
                hazard=hazard,
                leader=cast.user_leader.official,
                by=cast.user_city,
                round=2026,
                target_date=hazard.deadline,
            )


def count(client, url, params=None):
    client.get(url, params)  # warm per-process caches (content types, sessions)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "url",
    [
        reverse("hazards:hazard_list"),
        "/api/v1/hazards/hazards/",
        reverse("hazards:risk_point_list"),
        "/api/v1/hazards/risk-points/",
        "/api/v1/hazards/risk-points/geojson/",
        "/api/v1/hazards/hazards/geojson/",
        reverse("hazards:leader_assignment_list"),
        "/api/v1/hazards/leader-assignments/",
        reverse("hazards:supervision_item_list"),
        "/api/v1/hazards/supervision-items/",
        reverse("hazards:my_assignments"),
    ],
)
def test_list_query_count_does_not_grow(cast, login, url):
    client = login(cast.user_leader if "mine" in url else cast.user_county)
    for n in (3, 27):
        make_hazards(cast, n)
        RiskPointFactory.create_batch(n, region=cast.township_a)
        for item in SupervisionItemFactory.create_batch(n, region=cast.county):
            item.hazards.set(Hazard.objects.filter(grade="major")[:2])
        if n == 3:
            small = count(client, url)
    assert count(client, url) == small


def test_hazard_list_page_query_count_is_pinned(cast, login, django_assert_num_queries):
    client = login(cast.user_county)
    for n in (3, 30):
        make_hazards(cast, n - (3 if n == 30 else 0))
        client.get(reverse("hazards:hazard_list"))
        with django_assert_num_queries(9):
            client.get(reverse("hazards:hazard_list"))


def test_hazard_api_query_count_is_pinned(cast, login, django_assert_num_queries):
    client = login(cast.user_county)
    for n in (3, 30):
        make_hazards(cast, n - (3 if n == 30 else 0))
        client.get("/api/v1/hazards/hazards/")
        with django_assert_num_queries(6):
            client.get("/api/v1/hazards/hazards/")
