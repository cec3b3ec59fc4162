import datetime

from django.urls import reverse
from django.utils import timezone

from hazards.choices import HazardGrade, HazardStatus
from hazards.models import Hazard, LeaderAssignment, SupervisionProgress

from .factories import FIVE_IN_PLACE, HazardFactory, RiskPointFactory, SupervisionItemFactory

TODAY = timezone.localdate()


def test_dashboard_shows_the_hazard_panel(cast, login):
    HazardFactory(region=cast.township_a, grade=HazardGrade.MAJOR)
    RiskPointFactory(region=cast.township_a, period=f"{TODAY.year}H{1 if TODAY.month <= 6 else 2}")
    for user in (cast.user_city, cast.user_county, cast.user_a, cast.user_leader):
        response = login(user).get(reverse("dashboard"))
        assert response.status_code == 200
        assert "重大隐患未挂包" in response.content.decode()


def test_whole_lifecycle_through_pages(cast, login):
    hazard = HazardFactory(region=cast.township_a, grade=HazardGrade.MAJOR, **FIVE_IN_PLACE)
    county, township = login(cast.user_county), None

    def act(client, action, **data):
        return client.post(reverse("hazards:hazard_action", args=[hazard.pk, action]), data, follow=True)

    response = act(county, "start")
    assert "重大隐患须先明确挂包领导" in response.content.decode()
    act(county, "assign", leader=cast.user_leader.official.pk, round=TODAY.year, target_date=TODAY.isoformat())
    assert LeaderAssignment.objects.filter(hazard=hazard).count() == 1
    township = login(cast.user_a)
    act(township, "start")
    act(township, "progress", text="已完成80%", percent=80)
    act(township, "progress", text="已全部完成", percent=100)
    new_deadline = hazard.deadline + datetime.timedelta(days=10)
    act(township, "extend", new_deadline=new_deadline.isoformat(), reason="材料")
    act(township, "submit")
    county = login(cast.user_county)
    act(county, "decide", decision="approve", reason="同意")
    act(county, "refuse", reason="未彻底")
    login(cast.user_a)
    act(township, "submit")
    county = login(cast.user_county)
    act(county, "accept", note="已消除")
    hazard.refresh_from_db()
    assert hazard.status == HazardStatus.CLOSED
    page = county.get(hazard.get_absolute_url()).content.decode()
    for text in ("验收通过，销号：已消除", "验收不通过：未彻底", f"延至 {new_deadline:%Y-%m-%d}：同意", "已完成80%"):
        assert text in page


def test_leader_sees_own_hazards_and_pushes(cast, login):
    hazard = HazardFactory(region=cast.township_a, grade=HazardGrade.MAJOR, deadline=TODAY - datetime.timedelta(days=1))
    HazardFactory(region=cast.township_a, grade=HazardGrade.MAJOR)
    LeaderAssignment.objects.create(
        hazard=hazard, leader=cast.user_leader.official, round=TODAY.year, target_date=TODAY
    )
    client = login(cast.user_leader)
    response = client.get(reverse("hazards:my_assignments"))
    assert [a.hazard_id for a in response.context["object_list"]] == [hazard.pk]
    assert "已逾期" in response.content.decode()
    response = client.post(
        reverse("hazards:hazard_action", args=[hazard.pk, "urge"]),
        {"text": "抓紧整改", "next": reverse("hazards:my_assignments")},
    )
    assert response.status_code == 302 and response["Location"] == reverse("hazards:my_assignments")
    assert hazard.urges.get().text == "抓紧整改"
    assert cast.user_a.notifications.filter(kind="hazard_urged").count() == 1


def test_leader_cannot_edit_a_hazard(cast, login):
    hazard = HazardFactory(region=cast.township_a)
    client = login(cast.user_leader)
    assert client.get(reverse("hazards:hazard_edit", args=[hazard.pk])).status_code == 404
    client.post(reverse("hazards:hazard_action", args=[hazard.pk, "start"]))
    hazard.refresh_from_db()
    assert hazard.status == HazardStatus.REPORTED


def test_closed_hazard_cannot_be_edited(cast, login):
    # Was: the edit form opened and only saving was refused. Now the page offers no 编辑 and the form never opens.
    hazard = HazardFactory(region=cast.township_a)
    Hazard.objects.filter(pk=hazard.pk).update(status=HazardStatus.CLOSED)
    client = login(cast.user_a)
    edit = reverse("hazards:hazard_edit", args=[hazard.pk])
    assert edit not in client.get(hazard.get_absolute_url()).content.decode()
    for response in (client.get(edit, follow=True), client.post(edit, {"title": "x"}, follow=True)):
        assert response.redirect_chain == [(hazard.get_absolute_url(), 302)]
        assert "该隐患已验收销号，记录不能再修改。" in response.content.decode()
    hazard.refresh_from_db()
    assert hazard.title != "x"
    # An open hazard's page still offers it.
    open_hazard = HazardFactory(region=cast.township_a)
    page = client.get(open_hazard.get_absolute_url()).content.decode()
    assert reverse("hazards:hazard_edit", args=[open_hazard.pk]) in page


def test_supervision_item_monthly_progress(cast, login):
    item = SupervisionItemFactory(region=cast.county)
    client = login(cast.user_county)
    url = reverse("hazards:supervision_progress", args=[item.pk])
    client.post(url, {"month": "2026-10-15", "text": "已完成方案", "percent": 30})
    client.post(url, {"month": "2026-10-20", "text": "已完成方案并部署", "percent": 40})
    entry = SupervisionProgress.objects.get(item=item)
    assert (entry.month, entry.text, entry.percent) == (datetime.date(2026, 10, 1), "已完成方案并部署", 40)
    assert client.get(item.get_absolute_url()).status_code == 200
    assert client.get(reverse("hazards:supervision_item_list")).status_code == 200
    assert login(cast.user_other_county).get(item.get_absolute_url()).status_code == 404


def test_other_pages_render(cast, login):
    hazard = HazardFactory(region=cast.township_a)
    point = RiskPointFactory(region=cast.township_a, review="pending")
    client = login(cast.user_county)
    for url in (
        reverse("hazards:hazard_create"),
        reverse("hazards:risk_point_create"),
        reverse("hazards:supervision_item_create"),
        reverse("hazards:risk_point_carry_forward"),
        reverse("hazards:risk_map"),
        reverse("hazards:leader_assignment_list"),
        hazard.get_absolute_url(),
        point.get_absolute_url(),
    ):
        assert client.get(url).status_code == 200, url


def test_create_hazard_through_the_form(cast, login):
    client = login(cast.user_a)
    response = client.post(
        reverse("hazards:hazard_create"),
        {
            "title": "电气线路老化",
            "grade": "general",
            "industry": "industrial_trade",
            "source": "grid_visit",
            "region": cast.township_a.pk,
            "address": "列东街道新市北路",
            "description": "线路老化裸露",
            "found_on": TODAY.isoformat(),
            "finder": "郑华",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    hazard = Hazard.objects.get()
    assert (hazard.status, hazard.funds) == (HazardStatus.REPORTED, 0)


def test_dashboard_links_filter_the_list(cast, login):
    late_major = HazardFactory(region=cast.township_a, grade=HazardGrade.MAJOR, deadline=TODAY - datetime.timedelta(1))
    HazardFactory(region=cast.township_a)
    client = login(cast.user_county)
    for params, expected in (
        ({"colour": "red"}, {late_major.pk}),
        ({"no_leader": "true"}, {late_major.pk}),
        ({"overdue": "true"}, {late_major.pk}),
        ({"grade": "major", "is_open": "true"}, {late_major.pk}),
    ):
        listed = client.get(reverse("hazards:hazard_list"), params).context["object_list"]
        assert {h.pk for h in listed} == expected, params
        api = client.get("/api/v1/hazards/hazards/", params).json()["results"]
        assert {row["id"] for row in api} == expected, params


def test_boundary_geojson_is_served_only_when_configured(cast, login, settings, tmp_path):
    client = login(cast.user_a)
    settings.RISK_MAP_BOUNDARY_FILE = ""
    assert client.get(reverse("hazards:risk_map_boundary")).status_code == 404
    boundary = tmp_path / "sanming.geojson"
    boundary.write_text('{"type": "FeatureCollection", "features": []}')
    settings.RISK_MAP_BOUNDARY_FILE = str(boundary)
    response = client.get(reverse("hazards:risk_map_boundary"))
    assert response.status_code == 200
    assert b"FeatureCollection" in b"".join(response.streaming_content)
    assert "boundary.geojson" in client.get(reverse("hazards:risk_map")).content.decode()


def test_map_page_has_no_external_urls(cast, login, settings):
    settings.RISK_MAP_TILE_URL = ""
    page = login(cast.user_city).get(reverse("hazards:risk_map")).content.decode()
    assert "http://" not in page and "https://" not in page
    page = login(cast.user_city).get(reverse("dashboard")).content.decode()
    assert "http://" not in page and "https://" not in page


def test_dashboard_numbers_equal_the_lists_they_link_to(cast, login):
    from hazards import services

    for grade, days in (("major", -3), ("major", 10), ("general", -1), ("general", 5)):
        HazardFactory(region=cast.township_a, grade=grade, deadline=TODAY + datetime.timedelta(days=days))
    HazardFactory(region=cast.township_b, grade="major", deadline=TODAY + datetime.timedelta(days=3))
    HazardFactory(region=cast.other_township, grade="major")
    led = Hazard.objects.filter(region=cast.township_a, grade="major").first()
    services.leader_assign(
        hazard=led, leader=cast.user_leader.official, by=cast.user_county, round=TODAY.year, target_date=TODAY
    )
    client = login(cast.user_county)
    panel = next(p for p in client.get(reverse("dashboard")).context["panels"] if "totals" in p["data"])["data"]

    def listed(**params):
        return client.get(reverse("hazards:hazard_list"), params).context["paginator"].count

    assert panel["totals"]["open"] == listed(is_open="true") == 5
    assert panel["totals"]["overdue"] == listed(overdue="true") == 2
    assert panel["totals"]["major_no_leader"] == listed(no_leader="true") == 2
    assert {c["value"]: c["count"] for c in panel["colours"]} == {
        c: listed(colour=c) for c in ("red", "orange", "yellow")
    }
    assert [row["region"].name for row in panel["areas"]][:2] == ["列东街道", "列西街道"]
    assert panel["round"]["assigned"] == 1


def test_pages_show_records_written_by_jobs_or_imports(cast, login):
    from hazards.models import DeadlineExtension, HazardProgress

    hazard = HazardFactory(region=cast.township_a)
    HazardProgress.objects.create(hazard=hazard, text="导入的进展", percent=30)
    DeadlineExtension.objects.create(hazard=hazard, new_deadline=TODAY, reason="导入", approver="某")
    item = SupervisionItemFactory(region=cast.county)
    SupervisionProgress.objects.create(item=item, month=TODAY.replace(day=1), text="导入", percent=5)
    client = login(cast.user_county)
    page = client.get(hazard.get_absolute_url())
    assert page.status_code == 200 and "系统" in page.content.decode()
    assert client.get(item.get_absolute_url()).status_code == 200
