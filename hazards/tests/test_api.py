import datetime

from django.utils import timezone

from hazards.choices import HazardGrade, HazardStatus
from hazards.models import Hazard

from .factories import HazardFactory, RiskPointFactory

TODAY = timezone.localdate()
API = "/api/v1/hazards/hazards/"


def post(client, url, data):
    return client.post(url, data, content_type="application/json")


def test_lifecycle_through_the_api(cast, client):
    hazard = HazardFactory(region=cast.township_a, grade=HazardGrade.MAJOR)
    client.force_login(cast.user_county)
    response = post(client, f"{API}{hazard.pk}/start/", {})
    assert response.status_code == 400
    assert "挂包领导" in str(response.json())
    leader = cast.user_leader.official.pk
    response = post(
        client, f"{API}{hazard.pk}/assign-leader/", {"leader": leader, "round": 2026, "target_date": str(TODAY)}
    )
    assert response.status_code == 200, response.json()
    assert response.json()["leader_name"] == "leader"
    assert post(client, f"{API}{hazard.pk}/start/", {}).json()["status"] == HazardStatus.RECTIFYING
    response = post(client, f"{API}{hazard.pk}/progress-reports/", {"text": "进行中", "percent": 60})
    assert response.status_code == 201, response.json()
    # Not finished (60%, 五到位 not recorded): every reason at once.
    refused = post(client, f"{API}{hazard.pk}/submit/", {})
    assert refused.status_code == 400
    assert "整改进度为 60%" in str(refused.json()) and "措施到位、责任到位" in str(refused.json())
    five = dict.fromkeys(Hazard.FIVE_IN_PLACE, True)
    assert client.patch(f"{API}{hazard.pk}/", five, content_type="application/json").status_code == 200
    response = post(client, f"{API}{hazard.pk}/progress-reports/", {"text": "已完成", "percent": 100})
    assert response.status_code == 201, response.json()
    new_deadline = str(hazard.deadline + datetime.timedelta(days=5))
    # The old payload still files the request (批准人 is no longer asked); the deadline moves once decided.
    response = post(
        client, f"{API}{hazard.pk}/extend/", {"new_deadline": new_deadline, "reason": "雨季", "approver": "吴"}
    )
    assert response.status_code == 200, response.json()
    assert response.json()["deadline"] == str(hazard.deadline)
    response = post(client, f"{API}{hazard.pk}/decide-extension/", {"approve": True, "reason": "同意"})
    assert response.json()["deadline"] == new_deadline
    [extension] = client.get(f"{API}{hazard.pk}/extensions/").json()
    assert (extension["status"], extension["decision_reason"]) == ("approved", "同意")
    assert post(client, f"{API}{hazard.pk}/submit/", {}).json()["status"] == HazardStatus.AWAITING_ACCEPTANCE
    assert post(client, f"{API}{hazard.pk}/refuse/", {"reason": "未完成"}).json()["status"] == HazardStatus.RECTIFYING
    assert post(client, f"{API}{hazard.pk}/accept/", {"note": "好"}).status_code == 400
    post(client, f"{API}{hazard.pk}/submit/", {})
    body = post(client, f"{API}{hazard.pk}/accept/", {"note": "已消除"}).json()
    assert (body["status"], body["colour"], body["region"]) == (HazardStatus.CLOSED, "green", cast.township_a.pk)
    assert body["progress"] == 100
    assert [r["percent"] for r in client.get(f"{API}{hazard.pk}/progress-reports/").json()] == [100, 60]


def test_leader_may_urge_but_not_change(cast, client):
    hazard = HazardFactory(region=cast.township_a)
    client.force_login(cast.user_leader)
    assert post(client, f"{API}{hazard.pk}/start/", {}).status_code == 403
    assert client.patch(f"{API}{hazard.pk}/", {"title": "x"}, content_type="application/json").status_code == 403
    assert post(client, f"{API}{hazard.pk}/urge/", {"text": "快"}).status_code == 400  # not their hazard


def test_other_township_cannot_act_through_the_api(cast, client):
    hazard = HazardFactory(region=cast.township_a)
    client.force_login(cast.user_b)
    assert post(client, f"{API}{hazard.pk}/start/", {}).status_code == 404
    assert post(client, f"{API}{hazard.pk}/urge/", {"text": "x"}).status_code == 404
    assert Hazard.objects.get().status == HazardStatus.REPORTED


def test_api_filters_with_the_page_filterset(cast, client):
    late = HazardFactory(region=cast.township_a, deadline=TODAY - datetime.timedelta(days=1))
    HazardFactory(region=cast.township_a)
    client.force_login(cast.user_county)
    assert [row["id"] for row in client.get(API, {"overdue": "true"}).json()["results"]] == [late.pk]


def test_geojson_is_scoped_and_filtered(cast, client):
    period = f"{TODAY.year}H{1 if TODAY.month <= 6 else 2}"
    a = RiskPointFactory(region=cast.township_a, period=period, grade="red")
    RiskPointFactory(region=cast.township_a, period=period, grade="blue")
    RiskPointFactory(region=cast.township_b, period=period, grade="red")
    RiskPointFactory(region=cast.township_a, period=period, review="retired")
    RiskPointFactory(region=cast.township_a, period="2020H1")
    client.force_login(cast.user_a)
    data = client.get("/api/v1/hazards/risk-points/geojson/").json()
    assert data["type"] == "FeatureCollection"
    assert {f["properties"]["region"] for f in data["features"]} == {cast.township_a.pk}
    assert len(data["features"]) == 2
    red = client.get("/api/v1/hazards/risk-points/geojson/", {"grade": "red"}).json()["features"]
    assert [f["properties"]["id"] for f in red] == [a.pk]
    assert red[0]["geometry"]["coordinates"] == [float(a.longitude), float(a.latitude)]
    client.force_login(cast.user_county)
    assert len(client.get("/api/v1/hazards/risk-points/geojson/").json()["features"]) == 3


def test_api_risk_point_is_graded_from_its_factors(cast, client):
    client.force_login(cast.user_a)
    response = post(
        client,
        "/api/v1/hazards/risk-points/",
        {
            "name": "粉尘车间",
            "period": "2026H2",
            "kind": "production_site",
            "industry": "industrial_trade",
            "region": cast.township_a.pk,
            "control_level": "township",
            "responsible_person": "李四",
            "measures": "除尘",
            "method": "lec",
            "likelihood": "3",
            "exposure": "6",
            "consequence": "15",
        },
    )
    assert response.status_code == 201, response.json()
    assert (response.json()["grade"], response.json()["score"]) == ("orange", "270.00")


def test_hazard_geojson_is_scoped_open_and_coloured(cast, client):
    from grid.tests.factories import EnterpriseFactory

    unit_a = EnterpriseFactory(region=cast.township_a, longitude="117.630000", latitude="26.260000")
    unit_b = EnterpriseFactory(region=cast.township_b, longitude="117.600000", latitude="26.250000")
    late_major = HazardFactory(
        region=cast.township_a, enterprise=unit_a, grade="major", deadline=TODAY - datetime.timedelta(days=1)
    )
    closed = HazardFactory(region=cast.township_a, enterprise=unit_a)
    Hazard.objects.filter(pk=closed.pk).update(status=HazardStatus.CLOSED)
    HazardFactory(region=cast.township_a)  # no unit, no coordinates
    HazardFactory(region=cast.township_b, enterprise=unit_b)
    client.force_login(cast.user_a)
    features = client.get("/api/v1/hazards/hazards/geojson/").json()["features"]
    assert [f["properties"]["id"] for f in features] == [late_major.pk]
    assert features[0]["properties"]["colour"] == "#dc3545"
    assert features[0]["geometry"]["coordinates"] == [117.63, 26.26]
    client.force_login(cast.user_county)
    assert len(client.get("/api/v1/hazards/hazards/geojson/").json()["features"]) == 2


def test_the_map_shows_the_most_urgent_hazards_up_to_its_limit(cast, client, settings):
    from grid.tests.factories import EnterpriseFactory

    settings.RISK_MAP_MAX_HAZARDS = 2
    unit = EnterpriseFactory(region=cast.township_a, longitude="117.630000", latitude="26.260000")
    general = HazardFactory(region=cast.township_a, enterprise=unit, deadline=TODAY - datetime.timedelta(days=9))
    major_later = HazardFactory(region=cast.township_a, enterprise=unit, grade="major", deadline=TODAY)
    major_late = HazardFactory(
        region=cast.township_a, enterprise=unit, grade="major", deadline=TODAY - datetime.timedelta(days=3)
    )
    client.force_login(cast.user_a)
    body = client.get("/api/v1/hazards/hazards/geojson/").json()
    assert [f["properties"]["id"] for f in body["features"]] == [major_late.pk, major_later.pk]
    assert body["truncated"] is True
    settings.RISK_MAP_MAX_HAZARDS = 3
    body = client.get("/api/v1/hazards/hazards/geojson/").json()
    assert body["truncated"] is False and general.pk in {f["properties"]["id"] for f in body["features"]}
