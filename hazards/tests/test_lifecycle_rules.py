"""Hazard rules that cannot be skipped (issue 9), as the township and the county see them."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from grid.models import VisitPhoto
from grid.services import visit_record
from grid.tests.factories import GridSupervisorFactory, link_login, supervised_enterprise
from hazards import services
from hazards.choices import HazardGrade, HazardStatus
from hazards.models import Hazard

from .factories import FIVE_IN_PLACE, HazardFactory

TODAY = timezone.localdate()


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def led_major(cast, **kwargs) -> Hazard:
    """A major hazard with its leader, being rectified."""
    hazard = HazardFactory(region=cast.township_a, grade=HazardGrade.MAJOR, **kwargs)
    services.leader_assign(
        hazard=hazard,
        leader=cast.user_leader.official,
        by=cast.user_county,
        round=TODAY.year,
        target_date=TODAY + datetime.timedelta(days=30),
    )
    services.hazard_start_rectification(hazard=hazard, by=cast.user_a)
    return hazard


def act(client, hazard, action, **data):
    return client.post(reverse("hazards:hazard_action", args=[hazard.pk, action]), data, follow=True)


def test_a_major_hazard_at_60_percent_without_five_in_place_cannot_be_submitted(cast, login):
    hazard = led_major(cast)
    services.hazard_report_progress(hazard=hazard, by=cast.user_a, text="完成六成", percent=60)
    with pytest.raises(ValidationError) as error:
        services.hazard_submit_for_acceptance(hazard=hazard, by=cast.user_a)
    # One error naming every missing item: the progress and all five 五到位.
    assert len(error.value.messages) == 2
    assert "整改进度为 60%，须填报整改进展至 100%。" in error.value.messages
    assert "重大隐患须五到位，尚未到位：措施到位、责任到位、资金到位、时限到位、预案到位。" in error.value.messages

    client = login(cast.user_a)
    page = client.get(hazard.get_absolute_url())
    submit = next(a for a in page.context["actions"] if a["name"] == "submit")
    assert submit["blockers"] == error.value.messages
    html = page.content.decode()
    assert "暂不能申请验收" in html and "整改进度为 60%" in html and "措施到位、责任到位" in html
    # Posting anyway changes nothing and says the same.
    response = act(client, hazard, "submit")
    assert "整改进度为 60%" in response.content.decode()
    hazard.refresh_from_db()
    assert hazard.status == HazardStatus.RECTIFYING


def test_a_finished_major_hazard_is_submitted_and_accepted_at_the_reported_100(cast):
    hazard = led_major(cast, **FIVE_IN_PLACE)
    services.hazard_report_progress(hazard=hazard, by=cast.user_a, text="全部完成", percent=100)
    services.hazard_submit_for_acceptance(hazard=hazard, by=cast.user_a)
    services.hazard_accept(hazard=hazard, by=cast.user_county, note="现场核查已消除")
    hazard.refresh_from_db()
    assert (hazard.status, hazard.progress) == (HazardStatus.CLOSED, 100)


def test_acceptance_never_rewrites_the_reported_progress(cast):
    # A hazard left awaiting acceptance at 80% (as the old rules allowed) is not closed as 100%.
    hazard = HazardFactory(region=cast.township_a)
    Hazard.objects.filter(pk=hazard.pk).update(status=HazardStatus.AWAITING_ACCEPTANCE, progress=80)
    with pytest.raises(ValidationError, match="整改进度为 80%"):
        services.hazard_accept(hazard=hazard, by=cast.user_county, note="同意")
    hazard.refresh_from_db()
    assert (hazard.status, hazard.progress) == (HazardStatus.AWAITING_ACCEPTANCE, 80)
    # Refusing it sends it back to be finished.
    services.hazard_refuse(hazard=hazard, by=cast.user_county, reason="尚未完成")
    hazard.refresh_from_db()
    assert (hazard.status, hazard.progress) == (HazardStatus.RECTIFYING, 80)


def test_cumulative_progress_goes_down_only_with_a_reason(cast, login):
    hazard = HazardFactory(region=cast.township_a)
    services.hazard_start_rectification(hazard=hazard, by=cast.user_a)
    services.hazard_report_progress(hazard=hazard, by=cast.user_a, text="完成八成", percent=80)
    with pytest.raises(ValidationError) as error:
        services.hazard_report_progress(hazard=hazard, by=cast.user_a, text="返工", percent=70)
    assert error.value.message_dict == {"reason": ["累计完成比例由 80% 降为 70%，须说明进度回退的原因。"]}

    client = login(cast.user_a)
    response = act(client, hazard, "progress", text="返工", percent=70)
    assert "须说明进度回退的原因" in response.content.decode()
    hazard.refresh_from_db()
    assert hazard.progress == 80

    response = act(client, hazard, "progress", text="返工", percent=70, reason="复查发现焊缝不合格，返工")
    hazard.refresh_from_db()
    assert hazard.progress == 70
    page = response.content.decode()
    assert "进度回退原因：复查发现焊缝不合格，返工" in page
    assert "整改进展 70%（由 80% 回退：复查发现焊缝不合格，返工）" in page
    # The same through the API.
    client.force_login(cast.user_a)
    url = f"/api/v1/hazards/hazards/{hazard.pk}/progress-reports/"
    response = client.post(url, {"text": "再返工", "percent": 60}, content_type="application/json")
    assert response.status_code == 400 and "reason" in response.json()
    response = client.post(
        url, {"text": "再返工", "percent": 60, "reason": "材料不合格"}, content_type="application/json"
    )
    assert response.status_code == 201 and response.json()["reason"] == "材料不合格"


def test_starting_reports_the_missing_plan_and_the_missing_leader_at_once(cast, login):
    hazard = HazardFactory(region=cast.township_a, grade=HazardGrade.MAJOR, responsible_unit="")
    with pytest.raises(ValidationError) as error:
        services.hazard_start_rectification(hazard=hazard, by=cast.user_a)
    assert error.value.messages == [
        "请先完善整改方案：整改责任单位。",
        "重大隐患须先明确挂包领导，才能开始整改（重大隐患一律由市县党政领导挂包整改）。",
    ]
    html = login(cast.user_a).get(hazard.get_absolute_url()).content.decode()
    assert "暂不能开始整改" in html and "整改责任单位" in html and "重大隐患须先明确挂包领导" in html


def test_a_step_that_can_succeed_is_offered_as_a_form(cast, login):
    hazard = HazardFactory(region=cast.township_a)
    page = login(cast.user_a).get(hazard.get_absolute_url())
    start = next(a for a in page.context["actions"] if a["name"] == "start")
    assert start["blockers"] == []
    assert reverse("hazards:hazard_action", args=[hazard.pk, "start"]) in page.content.decode()


def png() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, "PNG")
    return SimpleUploadedFile("site.png", buffer.getvalue(), content_type="image/png")


@pytest.fixture
def visit(cast):
    supervisor = link_login(GridSupervisorFactory(region=cast.township_a, name="郑华"), cast.user_supervisor)
    enterprise = supervised_enterprise(supervisor, supervised_by="emergency")
    return visit_record(
        supervisor=supervisor,
        enterprise=enterprise,
        visited_on=TODAY - datetime.timedelta(days=1),
        items_checked=[],
        prompt_list_delivered=True,
        findings=["配电箱无防护门"],
        photos=[png()],
        by=cast.user_supervisor,
    )


def test_a_hazard_from_a_finding_keeps_its_photos_and_takes_a_deadline(cast, visit, login):
    finding = visit.findings.get()
    deadline = TODAY + datetime.timedelta(days=15)
    client = login(cast.user_supervisor)
    client.post(reverse("hazards:hazard_from_finding", args=[finding.pk]), {"grade": "general", "deadline": deadline})
    hazard = Hazard.objects.get()
    assert hazard.deadline == deadline
    photo = hazard.photos.get()
    assert photo.image.name == VisitPhoto.objects.get().image.name
    page = login(cast.user_a).get(hazard.get_absolute_url()).content.decode()
    assert photo.get_absolute_url() in page
    assert "未定期限" not in page


def test_a_hazard_from_a_finding_without_a_deadline_shows_no_deadline_set(cast, visit, login):
    finding = visit.findings.get()
    hazard = services.hazard_open_from_finding(finding=finding, by=cast.user_supervisor)
    assert hazard.deadline is None
    page = login(cast.user_a).get(hazard.get_absolute_url()).content.decode()
    assert "未定期限" in page
    assert "在整改期内" not in page
