"""Supervision visits on the phone form and the API; assessment activity computed in the database."""

import datetime
import io
import os
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from grid.models import GuideAcknowledgement, SupervisionGuide, SupervisionVisit, SupervisorAssessment
from grid.services import (
    assessment_activity,
    assessments_open,
    guide_acknowledge,
    guide_publish,
    previous_period,
    visit_record,
)

from .factories import EnterpriseFactory, GridSupervisorFactory, link_login, supervised_enterprise


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def jpeg(name="photo.jpg", size=(40, 30)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "red").save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


@pytest.fixture
def me(cast):
    GridSupervisorFactory(region=cast.township_a, level="chief")
    return link_login(GridSupervisorFactory(region=cast.township_a, level="second"), cast.user_supervisor)


def post_visit(client, enterprise, **extra):
    data = {
        "enterprise": enterprise.pk,
        "visited_on": "2026-03-10",
        "items_checked": ["fire_safety", "electricity"],
        "prompt_list_delivered": "on",
        "findings": "消防通道堵塞\n\n配电箱无防护罩",
        **extra,
    }
    return client.post("/grid/visits/new/", data)


def test_a_supervisor_records_a_visit_with_findings_and_photos(cast, me, login):
    enterprise = supervised_enterprise(me)
    client = login(cast.user_supervisor)
    page = client.get("/grid/visits/new/")
    assert page.status_code == 200 and "supervisor" not in [f.name for f in page.context["form"].visible_fields()]
    response = post_visit(client, enterprise, photos=[jpeg("a.jpg"), jpeg("b.jpg")])
    assert response.status_code == 302, response.context["form"].errors
    visit = SupervisionVisit.objects.get()
    assert (visit.supervisor, visit.enterprise, visit.region_id) == (me, enterprise, cast.township_a.pk)
    assert [f.description for f in visit.findings.all()] == ["消防通道堵塞", "配电箱无防护罩"]
    assert visit.photos.count() == 2 and visit.prompt_list_delivered
    photo = visit.photos.first()
    assert client.get(f"/grid/visit-photos/{photo.pk}/").status_code == 200
    assert login(cast.user_b).get(f"/grid/visit-photos/{photo.pk}/").status_code == 404


def test_it_refuses_an_enterprise_outside_the_supervisors_grids(cast, me, login):
    supervised_enterprise(me)
    outsider = EnterpriseFactory(region=cast.township_a)
    response = post_visit(login(cast.user_supervisor), outsider)
    assert response.status_code == 200
    assert "enterprise" in response.context["form"].errors
    assert not SupervisionVisit.objects.exists()


def test_it_refuses_a_file_that_is_not_an_image(cast, me, login):
    enterprise = supervised_enterprise(me)
    fake = SimpleUploadedFile("photo.jpg", b"not an image", content_type="image/jpeg")
    response = post_visit(login(cast.user_supervisor), enterprise, photos=[fake])
    assert "photos" in response.context["form"].errors
    assert not SupervisionVisit.objects.exists()


def test_it_refuses_a_photo_over_five_megabytes(cast, me, login):
    enterprise = supervised_enterprise(me)
    side = 1450  # random pixels do not compress: about 6 MB
    buffer = io.BytesIO()
    Image.frombytes("RGB", (side, side), os.urandom(side * side * 3)).save(buffer, "PNG", compress_level=0)
    big = SimpleUploadedFile("big.png", buffer.getvalue(), content_type="image/png")
    response = post_visit(login(cast.user_supervisor), enterprise, photos=[big])
    assert "超过 5 MB" in response.context["form"].errors["photos"][0]


def test_a_township_official_records_for_a_supervisor(cast, me, login):
    enterprise = supervised_enterprise(me)
    response = post_visit(login(cast.user_a), enterprise, supervisor=me.pk)
    assert response.status_code == 302
    assert SupervisionVisit.objects.get().created_by == cast.user_a


def test_a_visit_through_the_api(cast, me, client):
    enterprise = supervised_enterprise(me)
    client.force_login(cast.user_supervisor)
    response = client.post(
        "/api/v1/grid/visits/",
        {
            "supervisor": me.pk,
            "enterprise": enterprise.pk,
            "visited_on": "2026-03-01",
            "items_checked": ["ledger"],
            "prompt_list_delivered": False,
            "findings": ["台账缺失"],
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["region"] == cast.township_a.pk
    assert response.json()["finding_list"][0]["description"] == "台账缺失"


def test_a_visit_through_the_api_without_the_optional_fields(cast, me, client):
    enterprise = supervised_enterprise(me)
    client.force_login(cast.user_supervisor)
    response = client.post(
        "/api/v1/grid/visits/",
        {"supervisor": me.pk, "enterprise": enterprise.pk, "visited_on": "2026-03-01", "items_checked": []},
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["prompt_list_delivered"] is False
    assert response.json()["note"] == ""
    assert response.json()["finding_list"] == []


class TestAssessmentActivity:
    @pytest.fixture
    def history(self, cast, me):
        first, second = supervised_enterprise(me), supervised_enterprise(me)
        for day, enterprise, findings in [
            (datetime.date(2026, 1, 10), first, ["问题一", "问题二"]),
            (datetime.date(2026, 2, 10), first, []),
            (datetime.date(2026, 3, 31), second, ["问题三"]),
            (datetime.date(2026, 4, 1), second, ["问题四"]),  # next quarter
        ]:
            visit_record(
                supervisor=me,
                enterprise=enterprise,
                visited_on=day,
                items_checked=["ledger"],
                prompt_list_delivered=True,
                findings=findings,
                by=None,
            )
        guide = SupervisionGuide.objects.create(
            region=cast.county, year=2026, number=1, month=datetime.date(2026, 1, 1), title="一月", content="…"
        )
        guide_publish(guide=guide, by=cast.user_county)
        guide_acknowledge(guide=guide, supervisor=me, by=cast.user_supervisor)
        GuideAcknowledgement.objects.filter(supervisor=me).update(
            acknowledged_at=datetime.datetime(2026, 2, 1, 10, tzinfo=datetime.UTC)
        )
        return me

    def test_quarter_and_year_activity(self, history):
        q1 = assessment_activity(supervisor=history, year=2026, period="q1")
        assert (q1.visits, q1.enterprises, q1.findings, q1.guides_acknowledged) == (3, 2, 3, 1)
        q2 = assessment_activity(supervisor=history, year=2026, period="q2")
        assert (q2.visits, q2.enterprises, q2.findings, q2.guides_acknowledged) == (1, 1, 1, 0)
        year = assessment_activity(supervisor=history, year=2026, period="year")
        assert (year.visits, year.enterprises, year.findings, year.guides_acknowledged) == (4, 2, 4, 1)

    def test_the_list_shows_activity_beside_the_entered_score(self, cast, history, login):
        SupervisorAssessment.objects.create(
            supervisor=history,
            year=2026,
            period="q1",
            score=Decimal("92.5"),
            rating="excellent",
            reward_penalty="通报表扬",
        )
        response = login(cast.user_a).get("/grid/assessments/", {"supervisor": history.pk})
        row = next(a for a in response.context["object_list"] if a.supervisor_id == history.pk)
        assert (row.activity_visits, row.activity_enterprises, row.activity_findings, row.activity_guides) == (
            3,
            2,
            3,
            1,
        )
        api = login(cast.user_a).get("/api/v1/grid/assessments/").json()["results"]
        assert api[0]["activity_visits"] == 3 and api[0]["score"] == "92.5"

    def test_a_score_needs_a_rating(self, cast, history, login):
        response = login(cast.user_a).post(
            "/grid/assessments/new/", {"supervisor": history.pk, "year": 2026, "period": "q2", "score": "70"}
        )
        assert "rating" in response.context["form"].errors


def test_the_quarterly_job_opens_one_assessment_per_supervisor(cast, me):
    GridSupervisorFactory(region=cast.township_b, level="chief", active_to=datetime.date(2025, 6, 30))
    assert previous_period(datetime.date(2026, 4, 1)) == (2026, "q1")
    assert previous_period(datetime.date(2026, 1, 1)) == (2025, "q4")
    assert previous_period(datetime.date(2026, 1, 1), yearly=True) == (2025, "year")
    assert assessments_open(year=2026, period="q1") == 2  # the retired one is left out
    assert assessments_open(year=2026, period="q1") == 0
    assert SupervisorAssessment.objects.filter(year=2026, period="q1").count() == 2


def test_run_jobs_opens_last_quarters_assessments_once(cast, me):
    from django.core.management import call_command

    call_command("run_jobs", "quarterly", "--date", "2026-04-01")
    call_command("run_jobs", "quarterly", "--date", "2026-04-01")
    assert set(SupervisorAssessment.objects.values_list("year", "period")) == {(2026, "q1")}
    assert SupervisorAssessment.objects.count() == 2


def test_the_api_refuses_moving_a_visit_to_an_enterprise_outside_the_grids(cast, me, client):
    enterprise = supervised_enterprise(me)
    visit = visit_record(
        supervisor=me,
        enterprise=enterprise,
        visited_on=datetime.date(2026, 3, 1),
        items_checked=["ledger"],
        prompt_list_delivered=False,
        by=None,
    )
    outsider = EnterpriseFactory(region=cast.township_a)
    client.force_login(cast.user_a)
    response = client.patch(
        f"/api/v1/grid/visits/{visit.pk}/", {"enterprise": outsider.pk}, content_type="application/json"
    )
    assert response.status_code == 400 and "enterprise" in response.json()


def test_a_guide_attachment_is_served_only_in_scope(cast, login):
    guide = SupervisionGuide.objects.create(
        region=cast.county,
        year=2026,
        number=1,
        month=datetime.date(2026, 1, 1),
        title="一月",
        content="…",
        attachment=SimpleUploadedFile("guide.pdf", b"%PDF-1.4 demo"),
    )
    guide_publish(guide=guide, by=cast.user_county)
    assert login(cast.user_a).get(f"/grid/guides/{guide.pk}/attachment/").status_code == 200
    assert login(cast.user_other_county).get(f"/grid/guides/{guide.pk}/attachment/").status_code == 404


def test_a_new_guide_form_proposes_the_next_number(cast, login):
    SupervisionGuide.objects.create(
        region=cast.county,
        year=datetime.date.today().year,
        number=4,
        month=datetime.date.today(),
        title="上期",
        content="…",
    )
    form = login(cast.user_county).get("/grid/guides/new/").context["form"]
    assert form.initial["number"] == 5 and form.initial["region"] == cast.county.pk


def test_a_supervisor_sees_their_own_assessments_not_their_colleagues(cast, me, login):
    assessments_open(year=2026, period="q1")
    own = SupervisorAssessment.objects.get(supervisor=me)
    colleague = SupervisorAssessment.objects.exclude(supervisor=me).get()
    client = login(cast.user_supervisor)
    listed = {row["id"] for row in client.get("/api/v1/grid/assessments/").json()["results"]}
    assert listed == {own.pk}
    assert client.get(f"/grid/assessments/{colleague.pk}/").status_code == 404
    assert client.get(f"/grid/assessments/{own.pk}/").status_code == 200
    # The township still sees both.
    assert set(SupervisorAssessment.objects.for_user(cast.user_a)) == {own, colleague}
