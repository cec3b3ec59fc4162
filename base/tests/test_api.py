import re

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
    assert labels[:2] == ["工作台", "督查通报"]
    groups = {item["label"]: [e["label"] for e in item["entries"]] for item in navigation if "entries" in item}
    assert "隐患" in groups["三个一律 · 双重预防"] and "我的挂包隐患" not in groups["三个一律 · 双重预防"]
    client.force_login(cast.user_leader)
    groups = {
        i["label"]: [e["label"] for e in i["entries"]] for i in client.get("/").context["navigation"] if "entries" in i
    }
    assert "我的挂包隐患" in groups["三个一律 · 双重预防"]
