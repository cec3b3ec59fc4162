"""检查一家、合格一家, the phase's dates, and the notices at each hand-over of an inspection."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from base.models import Notification
from grid.tests.factories import EnterpriseFactory

from .. import services
from ..choices import InspectionResult, PhaseKind
from ..models import Inspection
from .factories import checklists, make_inspection, make_team, phase_dates

TODAY = timezone.localdate


def record(team, enterprise, result, by, *, previous=None, day=None, findings=(), phase=PhaseKind.LOCAL):
    inspection = Inspection(
        campaign=team.campaign,
        phase=phase,
        team=team,
        enterprise=enterprise,
        inspected_on=day or TODAY(),
        methods=["four_nos"],
        result=result,
        previous=previous,
    )
    return services.inspection_record(inspection=inspection, findings=findings, by=by)


def open_list(client, **params) -> list[str]:
    response = client.get(reverse("inspections:inspection_list"), {"still_open": "true", **params})
    return [str(row) for row in response.context["object_list"]]


def test_a_failed_enterprise_stays_open_until_a_reinspection_passes(cast, login):
    team = make_team(cast.township_a, leader=cast.user_a.official)
    enterprise = EnterpriseFactory(region=cast.township_a, name="三明列东机械厂")
    client = login(cast.user_a)
    day = phase_dates()[PhaseKind.LOCAL][0]
    failed = record(team, enterprise, InspectionResult.FAILED, cast.user_a, day=day)
    assert open_list(client) == [f"{day:%Y-%m-%d} 三明列东机械厂（不合格）"]
    # A re-inspection that fails again keeps the enterprise open; the open list names the latest.
    again = record(
        team, enterprise, InspectionResult.FAILED, cast.user_a, previous=failed, day=day + datetime.timedelta(1)
    )
    assert list(Inspection.objects.open()) == [again]
    assert Inspection.objects.with_still_open().get(pk=failed.pk).still_open
    passed = record(team, enterprise, InspectionResult.PASSED, cast.user_a, previous=again)
    assert open_list(client) == []
    assert not Inspection.objects.with_still_open().get(pk=failed.pk).still_open
    assert (failed.chain_root_id, again.chain_root_id, passed.chain_root_id) == (None, failed.pk, failed.pk)


def test_the_enterprises_page_shows_its_chain_of_inspections(cast, login):
    team = make_team(cast.township_a)
    enterprise = EnterpriseFactory(region=cast.township_a)
    day = phase_dates()[PhaseKind.LOCAL][0]
    failed = make_inspection(cast.township_a, team=team, enterprise=enterprise, result="failed", day=day)
    client = login(cast.user_a)
    page = client.get(reverse("grid:enterprise_detail", args=[enterprise.pk])).content.decode()
    assert "不合格，待复查" in page
    assert f"?previous={failed.pk}" in page
    make_inspection(cast.township_a, team=team, enterprise=enterprise, previous=failed)
    page = client.get(reverse("grid:enterprise_detail", args=[enterprise.pk])).content.decode()
    assert "待复查" not in page
    assert page.count("· 不合格") == 1 and page.count("· 合格") == 1
    assert "复查 · " in page


def test_a_failed_result_cannot_be_edited_to_passed(cast, login):
    inspection = make_inspection(cast.township_a, result="failed")
    response = login(cast.user_a).post(
        reverse("inspections:inspection_edit", args=[inspection.pk]),
        {
            "enterprise": inspection.enterprise_id,
            "inspected_on": inspection.inspected_on,
            "methods": ["checklist"],
            "result": "passed",
        },
    )
    assert response.context["form"].errors["result"] == [
        "检查一家、合格一家：不合格的检查不能改为合格，请登记复查，由复查记录合格。"
    ]
    inspection.refresh_from_db()
    assert inspection.result == "failed"


def test_only_a_failed_inspection_is_reinspected_and_only_once(cast):
    team = make_team(cast.township_a)
    passed = make_inspection(cast.township_a, team=team)
    with pytest.raises(ValidationError, match="只有不合格的检查需要复查"):
        record(team, passed.enterprise, "passed", cast.user_a, previous=passed)
    failed = make_inspection(cast.township_a, team=team, result="failed")
    record(team, failed.enterprise, "failed", cast.user_a, previous=failed)
    with pytest.raises(ValidationError, match="该检查已有复查记录"):
        record(team, failed.enterprise, "passed", cast.user_a, previous=failed)
    other = EnterpriseFactory(region=cast.township_a)
    with pytest.raises(ValidationError, match="复查须针对同一单位此前的检查"):
        record(team, other, "passed", cast.user_a, previous=Inspection.objects.open().get())


def form_data(team, enterprise, day, **extra) -> dict:
    return {
        "campaign": team.campaign_id,
        "phase": "local",
        "team": team.pk,
        "enterprise": enterprise.pk,
        "inspected_on": day.isoformat(),
        "methods": ["four_nos", "checklist"],
        "result": "passed",
        "findings-TOTAL_FORMS": 0,
        "findings-INITIAL_FORMS": 0,
        **extra,
    }


def test_work_outside_the_phases_dates_asks_for_confirmation(cast, login):
    team = make_team(cast.township_a)
    enterprise = EnterpriseFactory(region=cast.township_a)
    client = login(cast.user_a)
    day = phase_dates()[PhaseKind.DEPARTMENT][0]
    url = reverse("inspections:inspection_create")
    response = client.post(url, form_data(team, enterprise, day))
    local = phase_dates()[PhaseKind.LOCAL]
    message = (
        f"{day:%Y-%m-%d}不在“属地政府督查”阶段（{local[0]:%Y-%m-%d} 至 {local[1]:%Y-%m-%d}）内，请核对日期；"
        "确属该阶段的工作，请勾选“确认在阶段日期外登记”后再保存。"
    )
    assert response.context["form"].errors["inspected_on"] == [message]
    assert 'id="confirm-outside-phase"' in response.content.decode()
    assert not Inspection.objects.exists()
    response = client.post(url, form_data(team, enterprise, day, outside_phase="on"))
    inspection = Inspection.objects.get()
    assert response.url == inspection.get_absolute_url()
    assert inspection.outside_phase
    # Inside the phase no confirmation is asked, and none is kept.
    response = client.post(url, form_data(team, EnterpriseFactory(region=cast.township_a), TODAY(), outside_phase="on"))
    assert not Inspection.objects.get(pk=response.url.split("/")[-2]).outside_phase


def test_the_form_starts_in_the_current_phase_and_a_reinspection_from_the_inspection_it_follows(cast, login):
    team = make_team(cast.township_a)
    failed = make_inspection(cast.township_a, team=team, result="failed")
    client = login(cast.user_a)
    form = client.get(reverse("inspections:inspection_create")).context["form"]
    assert form.initial["phase"] == "local"
    form = client.get(reverse("inspections:inspection_create"), {"previous": failed.pk}).context["form"]
    assert (form.initial["enterprise"], form.initial["team"]) == (failed.enterprise, team.pk)


def test_a_failed_result_tells_the_township_and_the_team_which_reinspects(cast):
    team = make_team(cast.county, leader=cast.user_department.official, by=cast.user_county)
    enterprise = EnterpriseFactory(region=cast.township_a, name="三明列东化工厂")
    due = TODAY() + datetime.timedelta(days=5)
    found = [services.FindingInput(description="储罐区防火堤破损", deadline=due)]
    inspection = record(team, enterprise, "failed", cast.user_county, findings=found)
    failed = Notification.objects.filter(kind="inspection_failed")
    assert list(failed.values_list("recipient__username", flat=True)) == ["township_a"]
    assert failed.get().text == f"{team.name}于{TODAY():%Y-%m-%d}检查三明列东化工厂：不合格，请督促整改，待复查合格。"
    reinspection = Notification.objects.get(kind="reinspection_due")
    assert reinspection.recipient == cast.user_department
    assert reinspection.text.endswith(f"请于{due:%Y-%m-%d}前复查。")
    assert reinspection.url == inspection.get_absolute_url()
    # When the deadline has come, the team is reminded once, however often the job runs.
    assert services.remind_reinspections_due(day=due - datetime.timedelta(days=1)) == 0
    assert services.remind_reinspections_due(day=due) == 1
    assert services.remind_reinspections_due(day=due + datetime.timedelta(days=3)) == 0
    overdue = Notification.objects.get(kind="reinspection_overdue")
    assert overdue.recipient == cast.user_department
    # The re-inspection that passes tells the township, and nothing is due any more.
    record(team, enterprise, "passed", cast.user_county, previous=inspection)
    passed = Notification.objects.get(kind="reinspection_passed")
    assert (passed.recipient, passed.text) == (cast.user_a, f"三明列东化工厂经{team.name}{TODAY():%Y-%m-%d}复查合格。")
    assert services.remind_reinspections_due(day=due + datetime.timedelta(days=60)) == 0


def test_a_township_sees_the_inspections_of_its_enterprises_whoever_inspected(cast, login):
    county_team = make_team(cast.county, department=None)
    inspection = make_inspection(cast.township_a, team=county_team)
    assert login(cast.user_a).get(inspection.get_absolute_url()).status_code == 200
    assert login(cast.user_b).get(inspection.get_absolute_url()).status_code == 404


def test_the_checklist_follows_the_chosen_enterprises_industry(cast, login):
    checklists()
    enterprise = EnterpriseFactory(region=cast.township_a, industry="gas")
    response = login(cast.user_a).get(
        reverse("inspections:checklist"), {"enterprise": f"{enterprise.name}（#{enterprise.pk}）"}
    )
    page = response.content.decode()
    assert "1. 燃气经营许可证在有效期内" in page
    assert "粉尘涉爆" not in page


def test_reinspection_reminders_queries_do_not_grow_with_the_items(cast):
    """The teams of every due inspection are loaded together: the same queries for 2 due and for 14."""
    leader = cast.user_department.official
    counts = []
    for n in (2, 12):
        team = make_team(cast.county, leader=leader)
        for _ in range(n):
            make_inspection(cast.township_a, team=team, result="failed", day=TODAY() - datetime.timedelta(days=40))
        Notification.objects.all().delete()
        with CaptureQueriesContext(connection) as captured:
            sent = services.remind_reinspections_due(day=TODAY())
        counts.append(len(captured))
        assert sent == Inspection.objects.open().count()
        assert set(Notification.objects.values_list("recipient", flat=True)) == {cast.user_department.pk}
    assert counts[0] == counts[1]
