"""A list counts its rows only as far as it is read (``COUNT_BOUND``), and every row stays reachable."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from grid.models import Enterprise
from grid.tests.factories import EnterpriseFactory


@pytest.fixture
def seven_enterprises(cast, monkeypatch):
    monkeypatch.setattr("base.pagination.COUNT_BOUND", 3)
    return {e.name for e in EnterpriseFactory.create_batch(7, region=cast.township_a)}


def test_a_page_past_the_bound_says_at_least_and_leads_on(cast, client, seven_enterprises):
    client.force_login(cast.user_a)
    first = client.get("/grid/enterprises/", {"page_size": 2}).content.decode()
    assert "共 3 条以上" in first
    assert "第 1 / 2+ 页" in first and "下一页" in first and "末页" not in first

    last = client.get("/grid/enterprises/", {"page_size": 2, "page": 4}).content.decode()
    assert "共 7 条" in last and "条以上" not in last
    assert "第 4 / 4 页" in last and "下一页" not in last


def test_the_api_counts_to_the_bound_and_its_next_links_reach_every_row(cast, client, seven_enterprises):
    client.force_login(cast.user_a)
    body = client.get("/api/v1/grid/enterprises/", {"page_size": 2}).json()
    assert (body["count"], body["count_exact"]) == (3, False)

    names = [row["name"] for row in body["results"]]
    while body["next"]:
        body = client.get(body["next"]).json()
        names += [row["name"] for row in body["results"]]
    assert sorted(names) == sorted(seven_enterprises)
    assert (body["count"], body["count_exact"]) == (7, True)


def test_within_the_bound_the_count_is_exact(cast, client):
    EnterpriseFactory.create_batch(3, region=cast.township_a)
    EnterpriseFactory(region=cast.township_b)
    client.force_login(cast.user_a)
    body = client.get("/api/v1/grid/enterprises/").json()
    assert (body["count"], body["count_exact"]) == (3, True)
    assert "共 3 条" in client.get("/grid/enterprises/").content.decode()


def test_the_count_does_not_sort_the_rows(cast, client, seven_enterprises):
    client.force_login(cast.user_city)
    table = Enterprise._meta.db_table
    with CaptureQueriesContext(connection) as queries:
        client.get("/api/v1/grid/enterprises/", {"ordering": "-name"})
    counts = [q["sql"] for q in queries if "COUNT(" in q["sql"].upper() and table in q["sql"]]
    assert counts and all("ORDER BY" not in sql.upper() for sql in counts), counts


def test_an_absurd_page_number_is_no_such_page(cast, client, seven_enterprises):
    client.force_login(cast.user_a)
    assert client.get("/api/v1/grid/enterprises/", {"page": 10**30}).status_code == 404
    assert client.get("/grid/enterprises/", {"page": 10**30}).status_code == 404
