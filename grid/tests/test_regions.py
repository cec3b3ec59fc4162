import json

import pytest
from django.db import connection
from django.db.models import Count
from django.urls import reverse

from grid.models import Region
from tests.scoping import api_ids

from .factories import EnterpriseFactory


def test_sanming_divisions_ship_with_the_migrations(db):
    levels = dict(Region.objects.values_list("level").annotate(n=Count("pk")))
    assert levels == {"city": 1, "county": 11, "township": 141, "zone": 6, "village": 1964}
    city = Region.objects.get(code="350400")
    assert city.parent is None and city.children.count() == 11
    assert Region.objects.exclude(level="city").filter(parent__isnull=True).count() == 0
    village = Region.objects.filter(level="village", code__startswith="350404001").first()
    assert village.path == f"350400/350404/350404001/{village.code}/"
    assert village.parent.parent.name == "三元区"


def test_region_browser_opens_at_the_users_jurisdiction(cast, login):
    response = login(cast.user_a).get(reverse("grid:region_list"))
    assert response.url == reverse("grid:region_detail", args=[cast.township_a.pk])


def test_county_browser_counts_enterprises_and_villages_per_township(cast, login):
    EnterpriseFactory.create_batch(2, region=cast.township_a)
    EnterpriseFactory(region=cast.township_b)
    response = login(cast.user_county).get(reverse("grid:region_detail", args=[cast.county.pk]))
    rows = {row["region"].code: row for row in response.context["children"]}
    assert len(rows) == cast.county.children.count()
    assert rows["350404001"]["enterprises"] == 2
    assert rows["350404002"]["enterprises"] == 1
    assert rows["350404001"]["children"] == Region.objects.filter(parent=cast.township_a).count()


def test_township_cannot_open_a_neighbour_or_the_county(cast, login):
    client = login(cast.user_a)
    assert client.get(reverse("grid:region_detail", args=[cast.township_b.pk])).status_code == 404
    assert client.get(reverse("grid:region_detail", args=[cast.county.pk])).status_code == 404
    assert client.get(reverse("grid:region_detail", args=[cast.township_a.pk])).status_code == 200


def test_region_api_lists_the_subtree_with_parent_level_and_code(cast, client):
    client.force_login(cast.user_a)
    response = client.get("/api/v1/grid/regions/", {"page_size": 500})
    ids = api_ids(response)
    assert ids == set(Region.objects.filter(path__startswith=cast.township_a.path).values_list("pk", flat=True))
    first = response.json()["results"][0]
    assert {"id", "parent", "level", "code", "name"} <= set(first)
    client.force_login(cast.user_city)
    assert client.get("/api/v1/grid/regions/", {"level": "county"}).json()["count"] == 11


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the planner's estimates are PostgreSQL's")
def test_the_planner_counts_a_townships_subtree_near_its_size(db):
    # Every township-scoped query joins its rows to the township's subtree of regions. Estimated as one
    # region (13 here), a jurisdiction check over an import's rows probed their key 13 times over.
    township = Region.objects.get(code="350404001")
    subtree = Region.objects.filter(path__startswith=township.path)
    plan = json.loads(subtree.explain(format="json"))
    estimated = plan[0]["Plan"]["Plan Rows"]
    assert subtree.count() == 13
    assert 7 <= estimated <= 26
