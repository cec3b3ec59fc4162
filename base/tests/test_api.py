import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from knox.models import AuthToken

from grid.tests.factories import EnterpriseFactory


def test_schema_generates_without_warnings(db, tmp_path):
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    assert "/api/v1/grid/enterprises/" in out.read_text()


def test_schema_and_docs_need_a_login(client):
    assert client.get("/api/schema/").status_code in (401, 403)
    response = client.get("/api/docs/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_swagger_ui_is_served_from_the_site_itself(cast, client):
    client.force_login(cast.user_city)
    page = client.get("/api/docs/").content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert sources and all(s.startswith("/") for s in sources), sources
    assert client.get("/api/schema/").status_code == 200


def test_token_authentication(cast, client):
    EnterpriseFactory(region=cast.township_a)
    EnterpriseFactory(region=cast.township_b)
    _, token = AuthToken.objects.create(cast.user_a)
    response = client.get("/api/v1/grid/enterprises/", HTTP_AUTHORIZATION=f"Token {token}")
    assert response.json()["count"] == 1
    assert client.get("/api/v1/grid/enterprises/").status_code in (401, 403)


def test_token_writes_are_recorded_in_history_with_the_user(cast, client):
    enterprise = EnterpriseFactory(region=cast.township_a)
    _, token = AuthToken.objects.create(cast.user_a)
    response = client.patch(
        f"/api/v1/grid/enterprises/{enterprise.pk}/",
        {"risk_grade": "red"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {token}",
    )
    assert response.status_code == 200
    assert enterprise.history.first().history_user == cast.user_a


def test_pagination_has_count_and_results(cast, client):
    EnterpriseFactory.create_batch(3, region=cast.township_a)
    client.force_login(cast.user_a)
    body = client.get("/api/v1/grid/enterprises/", {"page_size": 2}).json()
    assert body["count"] == 3 and len(body["results"]) == 2 and body["next"]


def test_an_official_can_change_their_password(cast, client):
    client.force_login(cast.user_a)
    response = client.post(
        "/accounts/password/",
        {"old_password": "pw", "new_password1": "Sanming-2026-safe", "new_password2": "Sanming-2026-safe"},
    )
    assert response.status_code == 302
    cast.user_a.refresh_from_db()
    assert cast.user_a.check_password("Sanming-2026-safe")


def test_navigation_groups_a_mechanisms_pages_by_role(cast, client):
    client.force_login(cast.user_city)
    navigation = client.get("/").context["navigation"]
    labels = [item["label"] for item in navigation]
    assert labels[0] == "工作台" and "督查通报" in labels
    groups = {item["label"]: [e["label"] for e in item["entries"]] for item in navigation if "entries" in item}
    # The committee's desk, its map, screens and the job schedule share one menu, so the bar fits 1366px.
    assert {"综合看板", "定时任务"} <= set(groups["看板"])
    assert "隐患" in groups["三个一律 · 双重预防"] and "我的挂包隐患" not in groups["三个一律 · 双重预防"]
    client.force_login(cast.user_leader)
    groups = {
        i["label"]: [e["label"] for e in i["entries"]] for i in client.get("/").context["navigation"] if "entries" in i
    }
    assert "我的挂包隐患" in groups["三个一律 · 双重预防"]


@pytest.fixture
def schema(cast, client):
    client.force_login(cast.user_city)
    return client.get("/api/schema/", {"format": "json"}).json()


def test_every_operation_declares_its_error_answers(schema):
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            codes = set(operation["responses"])
            if path == "/api/token/":
                assert {"400", "429"} <= codes
                continue
            assert {"400", "401", "403", "404"} <= codes, (method, path)
            assert operation["responses"]["404"]["content"]["application/json"]["schema"] == {
                "$ref": "#/components/schemas/Error"
            }


def test_the_schema_declares_what_the_api_answers(schema):
    components = schema["components"]["schemas"]
    # Blank is allowed where the model allows it, whatever the pattern.
    assert components["TipOffRequest"]["properties"]["reporter_phone"]["pattern"].startswith("^$|")
    # Masked for some roles: no pattern in the answer.
    assert "pattern" not in components["TipOff"]["properties"]["reporter_phone"]
    assert components["SupervisionGuide"]["properties"]["attachment"]["nullable"] is True
    assert components["Hazard"]["properties"]["leader_name"]["nullable"] is True
    progress = schema["paths"]["/api/v1/hazards/hazards/{id}/progress-reports/"]
    assert progress["get"]["responses"]["200"]["content"]["application/json"]["schema"]["type"] == "array"
    assert progress["post"]["responses"]["201"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/HazardProgress"
    }
    geojson = schema["paths"]["/api/v1/hazards/risk-points/geojson/"]["get"]["responses"]["200"]["content"]
    assert list(geojson) == ["application/geo+json"]


def test_an_id_that_is_no_number_is_a_json_404(cast, client):
    client.force_login(cast.user_a)
    response = client.get("/api/v1/grid/enterprises/abc/")
    assert response.status_code == 404
    assert response.json() == {"detail": "未找到。"}
    assert client.get("/grid/enterprises/abc/")["Content-Type"].startswith("text/html")


def test_a_refusal_naming_no_field_is_an_object_like_every_other(cast, client):
    superuser = get_user_model().objects.create_superuser("root", password="pw")  # no jurisdiction
    client.force_login(superuser)
    periods = {"from_period": "2026H1", "to_period": "2026H2"}
    response = client.post("/api/v1/hazards/risk-points/carry-forward/", periods, content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["只有有管辖区域的工作人员可以结转。"]}


def test_a_write_answers_the_row_as_the_list_shows_it(cast, client):
    client.force_login(cast.user_a)
    response = client.post(
        "/api/v1/grid/fire-stations/",
        {"region": cast.township_a.pk, "name": "列东消防所", "established_on": "2021-06-01", "full_time_posts": 2},
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    assert (response.json()["full_time_filled"], response.json()["part_time_filled"]) == (0, 0)
