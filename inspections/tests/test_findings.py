"""Each finding opens a hazard (source 部门检查) that keeps the finding's photos and links back; each
problem of a self-check report opens one too (source 企业自查)."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from base.models import Notification
from grid.tests.factories import EnterpriseFactory
from hazards.models import Hazard, HazardPhoto

from ..models import ChecklistItem, Inspection, InspectionCheck, InspectionFinding, InspectionPhoto, SelfCheckReport
from .factories import checklists, city_campaign, department, make_team


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def png(name="site.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def inspection_post(cast, team, enterprise, items, **extra) -> dict:
    data = {
        "campaign": team.campaign_id,
        "phase": "local",
        "team": team.pk,
        "enterprise": f"{enterprise.name}（#{enterprise.pk}）",
        "inspected_on": timezone.localdate().isoformat(),
        "methods": ["four_nos", "checklist"],
        "result": "failed",
        "documents": "责令限期整改指令书",
        "document_number": "（三）应急责改〔2026〕15号",
        "findings-TOTAL_FORMS": 2,
        "findings-INITIAL_FORMS": 0,
        "findings-0-description": "安全出口被货物堵塞",
        "findings-0-grade": "general",
        "findings-0-photos": [png("exit1.png"), png("exit2.png")],
        "findings-1-description": "配电箱未上锁",
        "findings-1-grade": "major",
        "findings-1-deadline": (timezone.localdate() + datetime.timedelta(days=7)).isoformat(),
    }
    for index, item in enumerate(items):
        data[f"checklist-check_{item.pk}"] = "fail" if index == 0 else "pass"
    return {**data, **extra}


def test_an_inspection_with_findings_opens_hazards_with_their_photos(cast, login):
    checklists()
    team = make_team(cast.county, department=department(cast.county), leader=cast.user_department.official)
    enterprise = EnterpriseFactory(region=cast.township_a, supervised_by="emergency")
    items = list(ChecklistItem.objects.filter(industry=enterprise.industry).order_by("number"))
    client = login(cast.user_county)
    response = client.post(reverse("inspections:inspection_create"), inspection_post(cast, team, enterprise, items))
    inspection = Inspection.objects.get()
    assert response.url == inspection.get_absolute_url()
    assert InspectionCheck.objects.filter(inspection=inspection, outcome="fail").count() == 1
    assert InspectionCheck.objects.filter(inspection=inspection).count() == len(items)
    exit_finding, box_finding = inspection.findings.order_by("pk")
    hazard = exit_finding.hazard
    assert (hazard.source, hazard.enterprise, hazard.grade, hazard.finder) == (
        "department_inspection",
        enterprise,
        "general",
        team.name,
    )
    assert (box_finding.hazard.grade, box_finding.hazard.deadline) == ("major", box_finding.deadline)
    assert hazard.inspection_finding == exit_finding
    # The hazard shows the same stored files as the finding.
    assert sorted(HazardPhoto.objects.filter(hazard=hazard).values_list("image", flat=True)) == sorted(
        InspectionPhoto.objects.filter(finding=exit_finding).values_list("image", flat=True)
    )
    assert HazardPhoto.objects.filter(hazard=hazard).count() == 2
    # Both pages link each other.
    page = client.get(inspection.get_absolute_url()).content.decode()
    assert f'href="{hazard.get_absolute_url()}"' in page
    assert page.count('src="/inspections/photos/') == 2
    hazard_page = client.get(hazard.get_absolute_url()).content.decode()
    assert f'<a href="{inspection.get_absolute_url()}">{team.name}' in hazard_page
    # The township and the regulator hear of each hazard.
    notices = Notification.objects.filter(kind="hazard_from_inspection", object_id=hazard.pk)
    assert sorted(notices.values_list("recipient__username", flat=True)) == ["department", "township_a"]


def test_a_findings_photo_is_served_only_to_those_who_see_the_inspection(cast, login):
    checklists()
    team = make_team(cast.township_a)
    enterprise = EnterpriseFactory(region=cast.township_a)
    items = ChecklistItem.objects.filter(industry=enterprise.industry)
    login(cast.user_a).post(reverse("inspections:inspection_create"), inspection_post(cast, team, enterprise, items))
    photo = InspectionPhoto.objects.first()
    url = reverse("inspections:photo", args=[photo.pk])
    assert login(cast.user_a).get(url).status_code == 200
    assert login(cast.user_b).get(url).status_code == 404


def test_an_unanswered_checklist_item_is_refused_and_nothing_is_written(cast, login):
    checklists()
    team = make_team(cast.township_a)
    enterprise = EnterpriseFactory(region=cast.township_a)
    items = list(ChecklistItem.objects.filter(industry=enterprise.industry).order_by("number"))
    data = inspection_post(cast, team, enterprise, items)
    del data[f"checklist-check_{items[2].pk}"]
    response = login(cast.user_a).post(reverse("inspections:inspection_create"), data)
    assert response.context["checklist"].errors == {f"check_{items[2].pk}": ["请选择第3项的检查结论。"]}
    assert not Inspection.objects.exists() and not Hazard.objects.exists() and not InspectionFinding.objects.exists()


def test_a_self_checks_problems_become_hazards_once(cast, login):
    campaign = city_campaign()
    enterprise = EnterpriseFactory(region=cast.township_a, supervised_by="emergency")
    client = login(cast.user_a)
    data = {
        "campaign": campaign.pk,
        "enterprise": enterprise.pk,
        "checked_on": campaign.phases.get(kind="self_check").starts_on.isoformat(),
        "items_checked": 24,
        "problems_found": 1,
        "principal_signed": "on",
        "principal_name": "张三",
        "problems_text": "灭火器压力不足\n安全出口堆放杂物",
    }
    client.post(reverse("inspections:self_check_report_create"), data)
    report = SelfCheckReport.objects.get()
    assert report.problems_found == 2
    hazards = Hazard.objects.filter(source="self_check", enterprise=enterprise)
    assert sorted(hazards.values_list("title", flat=True)) == ["安全出口堆放杂物", "灭火器压力不足"]
    assert set(report.problems.values_list("hazard__finder", flat=True)) == {"张三"}
    # Saved again with one problem more: only the new one opens a hazard.
    client.post(
        reverse("inspections:self_check_report_edit", args=[report.pk]),
        {**data, "problems_text": data["problems_text"] + "\n配电箱未上锁"},
    )
    assert hazards.count() == 3
    page = client.get(hazards.get(title="配电箱未上锁").get_absolute_url()).content.decode()
    assert f'<a href="{report.get_absolute_url()}">企业自查报告' in page


def test_a_signed_report_names_who_signed(cast, login):
    campaign = city_campaign()
    response = login(cast.user_a).post(
        reverse("inspections:self_check_report_create"),
        {
            "campaign": campaign.pk,
            "enterprise": EnterpriseFactory(region=cast.township_a).pk,
            "checked_on": campaign.phases.get(kind="self_check").starts_on.isoformat(),
            "items_checked": 24,
            "problems_found": 0,
            "principal_signed": "on",
        },
    )
    assert response.context["form"].errors == {"principal_name": ["已签字的自查报告须填写签字负责人。"]}
