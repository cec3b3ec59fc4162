"""Every grid page renders for the officials who use it, and its export downloads."""

import pytest
from django.urls import reverse

LISTS = [
    "grid_list",
    "supervisor_list",
    "guide_list",
    "acknowledgement_list",
    "visit_list",
    "assessment_list",
    "house_list",
    "housechief_list",
    "houseinspection_list",
    "craftsman_list",
    "expert_list",
    "training_list",
    "tipoff_list",
    "sevenones_list",
    "firestation_list",
    "firestaff_list",
    "venueinspection_list",
    "fire_list",
]
FORMS = [name.replace("_list", "_create") for name in LISTS if name != "acknowledgement_list"]
PAGES = ["grid_overview", "grassroots", "sevenones_table", "supervisor_import"]


@pytest.mark.parametrize("name", LISTS)
def test_the_list_and_its_export(cast, login, name):
    client = login(cast.user_county)
    assert client.get(reverse(f"grid:{name}")).status_code == 200
    response = client.get(reverse(f"grid:{name}"), {"export": "xlsx"})
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")


@pytest.mark.parametrize("name", FORMS)
def test_the_new_form_renders(cast, login, name):
    user = cast.user_county if name != "visit_create" else cast.user_a
    assert login(user).get(reverse(f"grid:{name}")).status_code == 200


@pytest.mark.parametrize("name", PAGES)
def test_the_page_renders(cast, login, name):
    assert login(cast.user_city).get(reverse(f"grid:{name}")).status_code == 200


def test_a_leader_cannot_open_a_new_form(cast, login):
    assert login(cast.user_leader).get(reverse("grid:supervisor_create")).status_code == 403


def test_the_api_schema_builds(cast, client):
    client.force_login(cast.user_city)
    response = client.get("/api/schema/")
    assert response.status_code == 200
    assert b"/api/v1/grid/supervisors/" in response.content and b"/api/v1/grid/fire-stations/" in response.content
