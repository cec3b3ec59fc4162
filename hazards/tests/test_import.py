from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from base.models import Notification
from grid.models import Enterprise
from grid.tests.factories import EnterpriseFactory
from hazards.choices import HazardGrade
from hazards.importers import HazardImporter, RiskPointImporter
from hazards.models import Hazard, RiskPoint
from tests.scoping import import_workbook, workbook_upload

from .factories import HazardFactory
from .test_scoping import hazard_import_row, risk_point_import_row


def test_township_imports_its_hazard_ledger(cast, login):
    rows = [hazard_import_row(cast.township_a), hazard_import_row(cast.township_a)]
    response = import_workbook(
        login(cast.user_a), reverse("hazards:hazard_import"), workbook_upload(HazardImporter, rows)
    )
    assert response.status_code == 302, response.context and response.context.get("errors")
    assert Hazard.objects.filter(region=cast.township_a).count() == 2
    assert Hazard.objects.first().history.first().history_change_reason == "Excel导入"


def test_hazard_import_names_the_bad_cell_and_writes_nothing(cast, login):
    row = {**hazard_import_row(cast.township_a), "隐患等级": "特大"}
    response = import_workbook(
        login(cast.user_a), reverse("hazards:hazard_import"), workbook_upload(HazardImporter, [row])
    )
    assert [str(e) for e in response.context["errors"]] == ["第2行 C列（隐患等级）：“特大”不是有效选项。"]
    assert not Hazard.objects.exists()


def test_risk_point_import_grades_from_ls(cast, login):
    row = risk_point_import_row(cast.township_a)
    response = import_workbook(
        login(cast.user_a), reverse("hazards:risk_point_import"), workbook_upload(RiskPointImporter, [row])
    )
    assert response.status_code == 302, response.context and response.context.get("errors")
    point = RiskPoint.objects.get()
    assert (point.score, point.grade) == (20, "red")


def test_import_templates_download(cast, login):
    client = login(cast.user_a)
    for name in ("hazards:hazard_import", "hazards:risk_point_import"):
        assert client.get(reverse(name), {"template": 1}).status_code == 200


def test_a_hazard_import_asks_the_database_as_often_for_3_rows_as_for_12_and_saves_as_the_form_does(cast):
    """Written in bulk, each hazard still gets its county, its history and, if major, the committee's notice."""

    def queries(rows) -> int:
        upload = workbook_upload(HazardImporter, rows)
        with CaptureQueriesContext(connection) as captured:
            result = HazardImporter().run(upload, cast.user_county)
        assert result.ok and result.applied, result.errors
        return len(captured)

    def row(region, title, grade="一般隐患"):
        return {**hazard_import_row(region), "隐患名称": title, "隐患等级": grade}

    queries([row(cast.township_a, "预热", "重大隐患")])  # what a process fetches once (content types) is fetched here
    few = [row(cast.township_a, "少一"), row(cast.township_b, "少二"), row(cast.township_a, "少三", "重大隐患")]
    many = [
        row((cast.township_a, cast.township_b)[n % 2], f"多{n}", "重大隐患" if n % 4 else "一般隐患") for n in range(12)
    ]
    assert queries(few) == queries(many)
    hazards = Hazard.objects.exclude(title="预热")
    assert hazards.count() == 15
    assert {(h.region_id, h.county_id) for h in hazards} == {
        (cast.township_a.pk, cast.township_a.parent_id),
        (cast.township_b.pk, cast.township_b.parent_id),
    }
    history = Hazard.history.filter(history_change_reason="Excel导入", history_type="+")
    assert history.count() == 16 and set(history.values_list("history_user", flat=True)) == {cast.user_county.pk}
    announced = Notification.objects.filter(recipient=cast.user_county, kind="hazard_needs_leader")
    majors = ["预热", "少三"] + [f"多{n}" for n in range(12) if n % 4]
    assert sorted(n.subject.title for n in announced) == sorted(majors)
    assert not Notification.objects.filter(recipient=cast.user_city, kind="hazard_needs_leader").exists()


def test_an_imported_update_moves_the_county_with_the_township_and_stamps_the_update(cast):
    hazard = HazardFactory(region=cast.township_a, grade=HazardGrade.GENERAL)
    before = hazard.updated_at
    moved = {**hazard_import_row(cast.other_township), "系统编号": hazard.pk, "隐患名称": hazard.title}
    result = HazardImporter().run(workbook_upload(HazardImporter, [moved]), cast.user_city)
    assert result.ok and result.updated == 1, result.errors
    hazard.refresh_from_db()
    assert (hazard.region_id, hazard.county_id) == (cast.other_township.pk, cast.other_township.parent_id)
    assert hazard.updated_at > before
    assert hazard.history.first().history_type == "~"


def test_an_import_reads_only_the_enterprises_its_cells_name(cast, monkeypatch):
    """One lookup per column's texts: a county importing two rows does not load every enterprise it oversees."""
    by_name, by_code, *others = EnterpriseFactory.create_batch(25, region=cast.township_a)
    loaded = []
    from_db = Enterprise.from_db.__func__

    def counted(cls, db, field_names, values):
        obj = from_db(cls, db, field_names, values)
        loaded.append(obj.pk)
        return obj

    monkeypatch.setattr(Enterprise, "from_db", classmethod(counted))
    rows = [
        {**hazard_import_row(cast.township_a), "隐患名称": "按名称", "所在单位": by_name.name},
        {**hazard_import_row(cast.township_a), "隐患名称": "按代码", "所在单位": by_code.credit_code},
    ]
    result = HazardImporter().run(workbook_upload(HazardImporter, rows), cast.user_county)
    assert result.ok and result.created == 2, result.errors
    assert dict(Hazard.objects.values_list("title", "enterprise")) == {"按名称": by_name.pk, "按代码": by_code.pk}
    assert set(loaded) == {by_name.pk, by_code.pk}

    unknown = {**hazard_import_row(cast.township_a), "所在单位": "查无此单位"}
    refused = HazardImporter().run(workbook_upload(HazardImporter, [unknown]), cast.user_county)
    assert [str(e) for e in refused.errors] == ["第2行 E列（所在单位）：“查无此单位”不存在或不在您的管辖范围内。"]
