from django.urls import reverse

from hazards.importers import HazardImporter, RiskPointImporter
from hazards.models import Hazard, RiskPoint
from tests.scoping import import_workbook, workbook_upload

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
