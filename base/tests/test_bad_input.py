"""Input that is not a valid id or number is a 400 or 404 with a reason, never a server error."""

import pytest

HUGE = "9" * 25


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/grid/guide-receipts/abc/sign/",
        "/api/v1/hazards/hazards/abc/urge/",
        "/api/v1/grid/enterprises/abc/",
    ],
)
def test_a_non_numeric_id_is_not_found(cast, client, url):
    client.force_login(cast.user_a)
    assert client.post(url, {}, content_type="application/json").status_code == 404


def test_an_id_too_large_for_the_database_is_an_invalid_choice(cast, client):
    client.force_login(cast.user_a)
    response = client.get(f"/api/v1/grid/enterprises/?region={HUGE}")
    assert response.status_code == 400
    assert "region" in response.json()


@pytest.mark.parametrize("url", [f"/api/v1/grid/departments/?region={HUGE}", f"/api/v1/grid/regions/?parent={HUGE}"])
def test_a_number_too_large_for_the_database_matches_nothing(cast, client, url):
    client.force_login(cast.user_a)
    response = client.get(url)
    assert response.status_code == 200
    assert response.json()["count"] == 0


def test_a_list_page_with_a_huge_id_filter_says_what_is_wrong(cast, login):
    response = login(cast.user_a).get("/grid/enterprises/", {"region": HUGE})
    assert response.status_code == 200
    assert response.context["filter"].errors["region"]


def test_a_date_in_an_implausible_year_is_refused_by_the_api_and_the_form(cast, client, login):
    client.force_login(cast.user_a)
    payload = {
        "region": cast.township_a.pk,
        "occurred_at": "0115-03-01T10:00:00+08:00",
        "place": "某村",
        "venue_kind": "shop",
    }
    response = client.post("/api/v1/grid/fires/", payload, content_type="application/json")
    assert response.status_code == 400
    assert "1900年至2100年" in response.json()["occurred_at"][0]
    page = login(cast.user_a).post("/grid/fires/new/", {**payload, "occurred_at": "0115-03-01T10:00"})
    assert "1900年至2100年" in str(page.context["form"].errors["occurred_at"])
