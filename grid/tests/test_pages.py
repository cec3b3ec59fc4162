"""Every grid page renders for the officials who use it, and its export downloads."""

import pytest
from django.urls import reverse

LISTS = [
    "grid_list",
    "grid_supervisor_list",
    "supervision_guide_list",
    "guide_acknowledgement_list",
    "supervision_visit_list",
    "supervisor_assessment_list",
    "rural_house_list",
    "house_chief_list",
    "house_inspection_list",
    "craftsman_list",
    "safety_expert_list",
    "housing_training_list",
    "tip_off_list",
    "seven_ones_item_list",
    "fire_station_list",
    "fire_station_staff_list",
    "small_venue_inspection_list",
    "fire_list",
]
FORMS = [name.replace("_list", "_create") for name in LISTS if name != "guide_acknowledgement_list"]
PAGES = ["grid_overview", "grassroots", "seven_ones_item_table", "grid_supervisor_import"]


@pytest.mark.parametrize("name", LISTS)
def test_the_list_and_its_export(cast, login, name):
    client = login(cast.user_county)
    assert client.get(reverse(f"grid:{name}")).status_code == 200
    response = client.get(reverse(f"grid:{name}"), {"export": "xlsx"})
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")


@pytest.mark.parametrize("name", FORMS)
def test_the_new_form_renders(cast, login, name):
    user = cast.user_county if name != "supervision_visit_create" else cast.user_a
    assert login(user).get(reverse(f"grid:{name}")).status_code == 200


@pytest.mark.parametrize("name", PAGES)
def test_the_page_renders(cast, login, name):
    assert login(cast.user_city).get(reverse(f"grid:{name}")).status_code == 200


def test_a_leader_cannot_open_a_new_form(cast, login):
    assert login(cast.user_leader).get(reverse("grid:grid_supervisor_create")).status_code == 403


def test_the_api_schema_builds(cast, client):
    client.force_login(cast.user_city)
    response = client.get("/api/schema/")
    assert response.status_code == 200
    assert b"/api/v1/grid/supervisors/" in response.content and b"/api/v1/grid/fire-stations/" in response.content
