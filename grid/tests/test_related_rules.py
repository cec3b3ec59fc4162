"""Rules on many-to-many choices hold on the page and through the API alike (Model.clean_related)."""

from django.urls import reverse

from grid.models import Grid

from .factories import EnterpriseFactory, GridFactory


def test_a_county_cannot_put_another_townships_enterprise_in_a_grid(cast, login, client):
    own = EnterpriseFactory(region=cast.township_a)
    neighbour = EnterpriseFactory(region=cast.township_b)
    data = {"region": cast.township_a.pk, "industry": "industrial_trade", "name": "工贸网格", "is_active": True}

    response = login(cast.user_county).post(
        reverse("grid:grid_create"), {**data, "enterprises": [own.pk, neighbour.pk]}
    )
    assert "网格内单位须在列东街道" in str(response.context["form"].errors["enterprises"])

    client.force_login(cast.user_county)
    response = client.post(
        "/api/v1/grid/grids/", {**data, "enterprises": [own.pk, neighbour.pk]}, content_type="application/json"
    )
    assert response.status_code == 400
    assert "网格内单位须在列东街道" in str(response.json()["enterprises"])
    assert not Grid.objects.exists()


def test_a_supervisor_covers_only_grids_of_their_township(cast, client):
    chief = {
        "name": "李镇长",
        "phone": "13905980001",
        "position": "镇长",
        "level": "chief",
        "region": cast.township_a.pk,
    }
    client.force_login(cast.user_county)
    other_grid = GridFactory(region=cast.township_b)
    response = client.post(
        "/api/v1/grid/supervisors/", {**chief, "grids": [other_grid.pk]}, content_type="application/json"
    )
    assert response.status_code == 400
    assert "负责网格须为列东街道的网格" in str(response.json()["grids"])
