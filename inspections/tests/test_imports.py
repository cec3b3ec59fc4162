"""Inspection results and self-check reports kept in workbooks: the export imports back unchanged,
edits update, bad cells are named by row and column and nothing is written."""

from django.urls import reverse
from django.utils import timezone

from grid.tests.factories import EnterpriseFactory
from hazards.models import Hazard
from tests.scoping import import_workbook, workbook_rows, workbook_upload

from ..importers import InspectionImporter, SelfCheckReportImporter
from ..models import Inspection, SelfCheckReport
from .factories import city_campaign, make_inspection, make_team
from .workbooks import upload_rows

METHODS = "座谈交流、重点谈话、突击检查、明查暗访、四不两直、对表检查"


def test_the_inspection_results_round_trip(cast, login):
    client = login(cast.user_a)
    team = make_team(cast.township_a)
    failed = make_inspection(cast.township_a, team=team, result="failed", document_number="（列）责改〔2026〕1号")
    make_inspection(cast.township_a, team=team)
    url = reverse("inspections:inspection_import")
    exported = workbook_rows(client.get(reverse("inspections:inspection_list"), {"export": "xlsx"}))
    header = exported[0]
    by_id = {row[header.index("系统编号")]: row for row in exported[1:]}
    assert by_id[failed.pk][header.index("检查方式")] == "对表检查"
    assert by_id[failed.pk][header.index("待复查")] == "是"
    assert by_id[failed.pk][header.index("检查阶段")] == "属地政府督查"
    preview = client.post(url, {"file": upload_rows(exported)}).context["preview"]
    assert preview.summary == "将新增 0 行、更新 0 行、无变化 2 行"
    # A re-inspection added as a row, and the methods of the first corrected.
    rows = [list(row) for row in exported]
    rows[1 + list(by_id).index(failed.pk)][header.index("检查方式")] = "四不两直、对表检查"
    reinspection = list(by_id[failed.pk])
    for name, value in {"系统编号": "", "复查的检查编号": failed.pk, "检查结果": "合格", "文书编号": ""}.items():
        reinspection[header.index(name)] = value
    rows.append(reinspection)
    response = import_workbook(client, url, upload_rows(rows))
    assert response.status_code == 302
    failed.refresh_from_db()
    assert failed.methods == ["four_nos", "checklist"]
    assert not Inspection.objects.open().exists()
    assert Inspection.objects.get(previous=failed).result == "passed"


def test_bad_cells_are_named_by_row_and_column_and_nothing_is_written(cast, login):
    client = login(cast.user_a)
    team = make_team(cast.township_a)
    enterprise = EnterpriseFactory(region=cast.township_a)
    other = EnterpriseFactory(region=cast.township_b)
    row = {
        "统一社会信用代码": enterprise.credit_code,
        "检查行动": team.campaign.name,
        "检查阶段": "属地政府督查",
        "检查组": team.name,
        "检查方式": "四不两直、对表检查",
        "检查结果": "合格",
        "检查日期": timezone.localdate(),
    }
    rows = [row, {**row, "检查方式": "飞行检查"}, {**row, "统一社会信用代码": other.credit_code, "检查结果": "优秀"}]
    upload = workbook_upload(InspectionImporter, rows)
    response = import_workbook(client, reverse("inspections:inspection_import"), upload)
    headers = [c.header for c in InspectionImporter.columns if c.field]
    letter = {header: "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[headers.index(header)] for header in headers}
    errors = [(e.row, e.column, e.header, e.message) for e in response.context["errors"]]
    assert errors == [
        (3, letter["检查方式"], "检查方式", f"“飞行检查”不是有效选项，可选：{METHODS}。"),
        (4, letter["统一社会信用代码"], "统一社会信用代码", f"“{other.credit_code}”不存在或不在您的管辖范围内。"),
        (4, letter["检查结果"], "检查结果", "“优秀”不是有效选项。"),
    ]
    assert not Inspection.objects.exists()
    # The first row alone imports, its methods read from their labels.
    response = import_workbook(
        client, reverse("inspections:inspection_import"), workbook_upload(InspectionImporter, [row])
    )
    assert response.status_code == 302
    assert Inspection.objects.get().methods == ["four_nos", "checklist"]


def self_check_row(enterprise, campaign, day, **extra) -> dict:
    return {
        "统一社会信用代码": enterprise.credit_code,
        "检查行动": campaign.name,
        "自查日期": day,
        "检查项目数": 30,
        "发现问题数": 0,
        **extra,
    }


def test_the_self_check_workbook_enterprises_send_opens_hazards(cast, login):
    client = login(cast.user_a)
    campaign = city_campaign()
    enterprise = EnterpriseFactory(region=cast.township_a)
    day = campaign.phases.get(kind="self_check").starts_on
    row = self_check_row(
        enterprise, campaign, day, 主要负责人已签字="是", 签字负责人="张三", 问题清单="消防通道堵塞\n应急照明损坏"
    )
    upload = workbook_upload(SelfCheckReportImporter, [row])
    response = import_workbook(client, reverse("inspections:self_check_report_import"), upload)
    assert response.status_code == 302
    report = SelfCheckReport.objects.get()
    assert (report.items_checked, report.problems_found, report.principal_signed) == (30, 2, True)
    assert report.created_by == cast.user_a
    assert sorted(Hazard.objects.filter(source="self_check").values_list("title", flat=True)) == [
        "应急照明损坏",
        "消防通道堵塞",
    ]
    # The export reads back unchanged.
    exported = workbook_rows(client.get(reverse("inspections:self_check_report_list"), {"export": "xlsx"}))
    preview = client.post(reverse("inspections:self_check_report_import"), {"file": upload_rows(exported)})
    assert preview.context["preview"].summary == "将新增 0 行、更新 0 行、无变化 1 行"


def test_a_self_check_outside_its_phase_needs_the_confirmation_cell(cast, login):
    client = login(cast.user_a)
    campaign = city_campaign()
    enterprise = EnterpriseFactory(region=cast.township_a)
    row = self_check_row(enterprise, campaign, timezone.localdate())
    url = reverse("inspections:self_check_report_import")
    response = import_workbook(client, url, workbook_upload(SelfCheckReportImporter, [row]))
    assert [(e.row, e.header) for e in response.context["errors"]] == [(2, "自查日期")]
    assert "不在“企业自查”阶段" in response.context["errors"][0].message
    row["确认在阶段日期外登记"] = "是"
    response = import_workbook(client, url, workbook_upload(SelfCheckReportImporter, [row]))
    assert response.status_code == 302
    assert SelfCheckReport.objects.get().outside_phase
