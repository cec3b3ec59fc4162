"""Every list's query count is pinned, and the same at two data sizes."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from grid.tests.factories import EnterpriseFactory, GridFactory

from ..models import PromptListDelivery
from ..services import delivery_record
from .factories import AccidentFactory, PenaltyFactory, department, published_version


def grow(cast, n):
    """``n`` more of each kind of record in township A."""
    version = published_version(cast.city, items=1, year=2022) if n == 3 else PromptListDelivery.objects.first().version
    for _ in range(n):
        enterprise = EnterpriseFactory(region=cast.township_a, supervised_by="emergency")
        PenaltyFactory(enterprise=enterprise, department=department())
        delivery_record(enterprise=enterprise, delivered_on=datetime.date(2022, 5, 1), by=cast.user_a, version=version)
        EnterpriseFactory(region=cast.township_a)  # not reached
        AccidentFactory(region=cast.township_a)
    GridFactory(region=cast.township_a, enterprises=[enterprise])


def count(client, url) -> int:
    client.get(url)  # warm caches (content types, sessions)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


PAGES = [
    ("enforcement:penalty_list", "user_county", 9),
    ("enforcement:prompt_list_delivery_list", "user_county", 10),
    ("enforcement:accident_list", "user_county", 8),
    ("enforcement:unit_assessment_list", "user_city", 7),
    ("enforcement:coverage", "user_a", 11),
    ("enforcement:statistics", "user_city", 19),
]
APIS = [
    ("/api/v1/enforcement/penalties/", "user_county", 5),
    ("/api/v1/enforcement/deliveries/", "user_county", 5),
    ("/api/v1/enforcement/accidents/", "user_county", 5),
]


@pytest.mark.parametrize(("name", "user", "pinned"), PAGES + APIS)
def test_a_list_costs_the_same_queries_at_two_sizes(cast, login, name, user, pinned):
    client = login(getattr(cast, user))
    url = name if name.startswith("/") else reverse(name)
    grow(cast, 3)
    small = count(client, url)
    grow(cast, 30)
    assert (small, count(client, url)) == (pinned, pinned)
