import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from hazards import services
from hazards.choices import HazardGrade, HazardStatus, RiskPointReview
from hazards.models import Hazard, HazardProgress, RiskPoint, SupervisionItem

from .factories import HazardFactory, RiskPointFactory, SupervisionItemFactory


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def png(size=(8, 8)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, "red").save(buffer, "PNG")
    return SimpleUploadedFile("site.png", buffer.getvalue(), content_type="image/png")


def rectifying(cast):
    hazard = HazardFactory(region=cast.township_a)
    services.hazard_start_rectification(hazard=hazard, by=cast.user_a)
    return hazard


def test_township_cannot_accept_its_own_hazard(cast, login):
    hazard = rectifying(cast)
    services.hazard_report_progress(hazard=hazard, by=cast.user_a, text="已完成", percent=100)
    services.hazard_submit_for_acceptance(hazard=hazard, by=cast.user_a)
    with pytest.raises(ValidationError, match="验收须由县级以上安委办或行业监管部门办理"):
        services.hazard_accept(hazard=hazard, by=cast.user_a, note="自己验收")
    names = [a["name"] for a in login(cast.user_a).get(hazard.get_absolute_url()).context["actions"]]
    assert "accept" not in names and "refuse" not in names
    names = [a["name"] for a in login(cast.user_county).get(hazard.get_absolute_url()).context["actions"]]
    assert {"accept", "refuse"} <= set(names)


def test_progress_photo_must_be_an_image(cast, login):
    hazard = rectifying(cast)
    url = reverse("hazards:hazard_action", args=[hazard.pk, "progress"])
    client = login(cast.user_a)
    fake = SimpleUploadedFile("site.png", b"not an image", content_type="image/png")
    response = client.post(url, {"text": "进展", "percent": 10, "photos": fake}, follow=True)
    assert "照片" in response.content.decode()
    assert not HazardProgress.objects.exists()
    client.post(url, {"text": "进展", "percent": 10, "photos": png()})
    assert HazardProgress.objects.get().photos.get().image.name.endswith(".png")


def test_oversized_photo_is_refused(cast, login, monkeypatch):
    monkeypatch.setattr("base.validators.MAX_PHOTO_BYTES", 10)
    hazard = rectifying(cast)
    response = login(cast.user_a).post(
        reverse("hazards:hazard_action", args=[hazard.pk, "progress"]),
        {"text": "进展", "percent": 10, "photos": png()},
        follow=True,
    )
    assert "照片不能超过 5 MB。" in response.content.decode()
    assert not HazardProgress.objects.exists()


def test_api_progress_photo_upload(cast, client):
    hazard = rectifying(cast)
    client.force_login(cast.user_a)
    url = f"/api/v1/hazards/hazards/{hazard.pk}/progress-reports/"
    bad = SimpleUploadedFile("x.png", b"nope", content_type="image/png")
    assert client.post(url, {"text": "进展", "percent": 30, "photos": bad}).status_code == 400
    response = client.post(url, {"text": "进展", "percent": 30, "photos": png()})
    assert response.status_code == 201, response.json()
    photo_url = response.json()["photos"][0]
    assert client.get(photo_url).status_code == 200
    client.force_login(cast.user_b)
    assert client.get(photo_url).status_code == 404
    client.force_login(cast.user_a)
    listed = client.get(url).json()
    assert len(listed[0]["photos"]) == 1


def test_hazard_form_takes_several_photos(cast, login):
    client = login(cast.user_a)
    data = {
        "title": "仓库堆放过高",
        "grade": "general",
        "industry": "industrial_trade",
        "source": "grid_visit",
        "region": cast.township_a.pk,
        "address": "某仓库",
        "description": "堆垛超高",
        "found_on": "2026-10-01",
        "finder": "郑华",
        "photos": [png(), png((4, 4))],
    }
    response = client.post(reverse("hazards:hazard_create"), data)
    assert response.status_code == 302, response.context["form"].errors
    hazard = Hazard.objects.get()
    assert hazard.photos.count() == 2
    body = client.get(f"/api/v1/hazards/hazards/{hazard.pk}/").json()
    assert len(body["photos"]) == 2
    page = client.get(hazard.get_absolute_url()).content.decode()
    assert page.count("现场照片") >= 2


def test_detail_page_query_count_does_not_grow(cast, login):
    hazard = rectifying(cast)
    client = login(cast.user_county)

    def count():
        client.get(hazard.get_absolute_url())
        with CaptureQueriesContext(connection) as queries:
            assert client.get(hazard.get_absolute_url()).status_code == 200
        return len(queries)

    for _ in range(3):
        services.hazard_report_progress(hazard=hazard, by=cast.user_a, text="进展", percent=10)
    small = count()
    for _ in range(27):
        services.hazard_report_progress(hazard=hazard, by=cast.user_a, text="进展", percent=20)
    # History looks up related names only for the entries it shows, so more rows never cost more.
    assert count() <= small


def test_api_cannot_link_another_countys_hazard(cast, client):
    own = HazardFactory(region=cast.township_a, grade=HazardGrade.MAJOR)
    foreign = HazardFactory(region=cast.other_township, grade=HazardGrade.MAJOR)
    client.force_login(cast.user_county)
    payload = {
        "region": cast.county.pk,
        "year": 2026,
        "title": "整治",
        "source": "monthly_key_work",
        "category": "work_safety",
        "lead_unit": "应急局",
        "responsible_leader": "黄副区长",
        "start_on": "2026-01-01",
        "deadline": "2026-12-31",
    }
    response = client.post(
        "/api/v1/hazards/supervision-items/", {**payload, "hazards": [foreign.pk]}, "application/json"
    )
    assert response.status_code == 400
    assert "hazards" in response.json()
    response = client.post("/api/v1/hazards/supervision-items/", {**payload, "hazards": [own.pk]}, "application/json")
    assert response.status_code == 201, response.json()
    assert SupervisionItem.objects.get().hazards.get() == own


def test_supervision_items_are_scoped_to_their_county(cast, login):
    own = SupervisionItemFactory(region=cast.county)
    other = SupervisionItemFactory(region=cast.other_county)
    city = SupervisionItemFactory(region=cast.city)
    listed = login(cast.user_county).get(reverse("hazards:supervision_item_list")).context["object_list"]
    assert {item.pk for item in listed} == {own.pk}
    listed = login(cast.user_city).get(reverse("hazards:supervision_item_list")).context["object_list"]
    assert {item.pk for item in listed} == {own.pk, other.pk, city.pk}


def test_carry_forward_and_review_through_pages(cast, login):
    point = RiskPointFactory(region=cast.township_a, period="2026H1")
    RiskPointFactory(region=cast.township_b, period="2026H1")
    client = login(cast.user_a)
    response = client.post(
        reverse("hazards:risk_point_carry_forward"), {"from_period": "2026H1", "to_period": "2026H2"}
    )
    assert response.status_code == 302
    copy = RiskPoint.objects.get(period="2026H2")
    assert copy.previous == point and copy.region == cast.township_a
    client.post(reverse("hazards:risk_point_review", args=[copy.pk]), {"decision": "retired", "note": "已停产"})
    copy.refresh_from_db()
    assert copy.review == RiskPointReview.RETIRED
    assert copy.history.first().history_change_reason == "复核：销号，已停产"


def test_hazard_may_link_the_risk_point_it_comes_from(cast, login):
    point = RiskPointFactory(region=cast.township_a)
    hazard = HazardFactory(region=cast.township_a, risk_point=point)
    page = login(cast.user_a).get(point.get_absolute_url())
    assert list(page.context["hazards"]) == [hazard]
    foreign = RiskPointFactory(region=cast.township_b)
    hazard.risk_point = foreign
    with pytest.raises(ValidationError):
        hazard.full_clean()
    assert Hazard.objects.get().status == HazardStatus.REPORTED


def test_leader_assignments_are_scoped_by_their_hazard(cast, login, client):
    from hazards.models import LeaderAssignment

    a = HazardFactory(region=cast.township_a, grade=HazardGrade.MAJOR)
    b = HazardFactory(region=cast.township_b, grade=HazardGrade.MAJOR)
    for hazard in (a, b):
        services.leader_assign(
            hazard=hazard,
            leader=cast.user_leader.official,
            by=cast.user_county,
            round=2026,
            target_date=hazard.deadline,
        )
    listed = login(cast.user_b).get(reverse("hazards:leader_assignment_list")).context["object_list"]
    assert [x.hazard_id for x in listed] == [b.pk]
    rows = client.get("/api/v1/hazards/leader-assignments/").json()["results"]
    assert [(row["hazard"], row["region"]) for row in rows] == [(b.pk, cast.township_b.pk)]
    assert LeaderAssignment.objects.count() == 2


def test_department_sees_hazards_of_its_own_industry(cast, login):
    from grid.models import Department

    emergency = cast.user_department.official.department
    housing = Department.objects.get(region=cast.county, kind="housing")
    own = HazardFactory(region=cast.township_a, department=emergency)
    HazardFactory(region=cast.township_a, department=housing)
    HazardFactory(
        region=cast.other_township, department=Department.objects.get(region=cast.other_county, kind="emergency")
    )
    listed = login(cast.user_department).get(reverse("hazards:hazard_list")).context["object_list"]
    assert [h.pk for h in listed] == [own.pk]
