"""Every importable list takes back the workbook its own export produced: edited cells update their rows."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from grid.models import Craftsman, Enterprise
from grid.tests.factories import EnterpriseFactory, GridSupervisorFactory
from hazards.tests.factories import HazardFactory, RiskPointFactory


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def craftsman(region, n):
    from grid.demo import resident_id

    return Craftsman.objects.create(
        region=region, name=f"工匠{n}", id_number=resident_id("350404", 700 + n), phone="13800000003"
    )


LISTS = [
    pytest.param(
        "grid:enterprise",
        lambda r, n: EnterpriseFactory(region=r),
        "name",
        "主要负责人",
        "林新",
        "principal_name",
        id="enterprise",
    ),
    pytest.param(
        "grid:grid_supervisor",
        lambda r, n: GridSupervisorFactory(region=r, level="chief"),
        "name",
        "职务",
        "镇长",
        "position",
        id="grid_supervisor",
    ),
    pytest.param("grid:craftsman", craftsman, "name", "工种", "木工", "trade", id="craftsman"),
    pytest.param(
        "hazards:hazard",
        lambda r, n: HazardFactory(region=r),
        "title",
        "整改责任人",
        "陈新",
        "responsible_person",
        id="hazard",
    ),
    pytest.param(
        "hazards:risk_point",
        lambda r, n: RiskPointFactory(region=r),
        "name",
        "管控责任人",
        "陈新",
        "responsible_person",
        id="risk_point",
    ),
]


def exported(client, list_name):
    response = client.get(reverse(f"{list_name}_list"), {"export": "xlsx"})
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.content))


def edit(workbook, label: str, header: str, value) -> None:
    """Set ``header``'s cell in the row whose first cells name ``label``."""
    sheet = workbook.worksheets[0]
    headers = [cell.value for cell in sheet[1]]
    row = next(row for row in sheet.iter_rows(min_row=2) if label in [cell.value for cell in row[:3]])
    row[headers.index(header)].value = value


def as_upload(workbook) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("导出.xlsx", buffer.getvalue())


@pytest.mark.parametrize(("list_name", "make", "label", "header", "value", "attribute"), LISTS)
def test_an_edited_export_updates_its_row_after_the_preview(
    cast, login, list_name, make, label, header, value, attribute
):
    changed, untouched = make(cast.township_a, 1), make(cast.township_a, 2)
    before = getattr(changed, attribute)
    client = login(cast.user_a)
    workbook = exported(client, list_name)
    edit(workbook, getattr(changed, label), header, value)
    url = reverse(f"{list_name}_import")

    preview = client.post(url, {"file": as_upload(workbook)})
    assert preview.status_code == 200, preview.context.get("errors")
    page = preview.content.decode()
    assert "将新增 0 行、更新 1 行、无变化 1 行" in page
    assert f"{header}：{before or '（空）'} → {value}" in page
    assert "确认导入" in page
    changed.refresh_from_db()
    assert getattr(changed, attribute) == before  # nothing is written by the preview

    confirmed = client.post(url, {"token": preview.context["token"]}, follow=True)
    assert "导入成功：新增 0 行、更新 1 行、无变化 1 行。" in confirmed.content.decode()
    changed.refresh_from_db()
    assert getattr(changed, attribute) == value
    record = changed.history.latest()
    assert (record.history_change_reason, record.history_user) == ("Excel导入", cast.user_a)
    assert untouched.history.count() == 1


def test_the_enterprise_export_of_a_county_re_imports_with_masked_id_numbers(cast, login):
    first, second = EnterpriseFactory(region=cast.township_a), EnterpriseFactory(region=cast.township_b)
    client = login(cast.user_county)
    workbook = exported(client, "grid:enterprise")
    headers = [cell.value for cell in workbook.worksheets[0][1]]
    assert "*" in workbook.worksheets[0].cell(2, headers.index("负责人身份证号") + 1).value  # masked for the county

    unchanged = client.post(reverse("grid:enterprise_import"), {"file": as_upload(workbook)})
    assert unchanged.context["preview"].summary == "将新增 0 行、更新 0 行、无变化 2 行"

    edit(workbook, second.name, "风险等级", "较大风险")
    preview = client.post(reverse("grid:enterprise_import"), {"file": as_upload(workbook)})
    assert preview.context["preview"].summary == "将新增 0 行、更新 1 行、无变化 1 行"
    client.post(reverse("grid:enterprise_import"), {"token": preview.context["token"]})
    second.refresh_from_db()
    first.refresh_from_db()
    assert (second.risk_grade, second.principal_id_number[-4:]) == ("orange", second.principal_id_number[-4:])
    assert "*" not in second.principal_id_number
    assert first.history.count() == 1


def test_a_key_of_a_row_outside_the_jurisdiction_is_refused_not_updated(cast, login):
    own, other = EnterpriseFactory(region=cast.township_a), EnterpriseFactory(region=cast.township_b)
    workbook = exported(login(cast.user_county), "grid:enterprise")
    edit(workbook, other.name, "主要负责人", "冒名")
    edit(workbook, own.name, "主要负责人", "林新")

    response = login(cast.user_a).post(reverse("grid:enterprise_import"), {"file": as_upload(workbook)})
    errors = [str(error) for error in response.context["errors"]]
    refusal = f"B列（统一社会信用代码）：“{other.credit_code}”对应的记录不在您可修改的管辖范围内，不能更新。"
    assert [error for error in errors if error.endswith(refusal)] and len(errors) == 1
    assert "token" not in response.context
    other.refresh_from_db()
    own.refresh_from_db()
    assert (other.principal_name, own.principal_name) == ("张三", "张三")


def test_a_preview_is_confirmed_only_by_the_user_who_uploaded_it(cast, login, client):
    own = EnterpriseFactory(region=cast.township_a)
    workbook = exported(login(cast.user_a), "grid:enterprise")
    edit(workbook, own.name, "主要负责人", "林新")
    token = client.post(reverse("grid:enterprise_import"), {"file": as_upload(workbook)}).context["token"]

    client.force_login(cast.user_county)
    response = client.post(reverse("grid:enterprise_import"), {"token": token}, follow=True)
    assert "预览已过期或不属于您，请重新上传文件。" in response.content.decode()
    own.refresh_from_db()
    assert own.principal_name == "张三"


def test_a_record_changed_after_the_preview_is_previewed_again_not_overwritten(cast, login):
    own = EnterpriseFactory(region=cast.township_a)
    client = login(cast.user_a)
    workbook = exported(client, "grid:enterprise")
    edit(workbook, own.name, "主要负责人", "林新")
    token = client.post(reverse("grid:enterprise_import"), {"file": as_upload(workbook)}).context["token"]
    Enterprise.objects.filter(pk=own.pk).update(principal_phone="13900000000")

    response = client.post(reverse("grid:enterprise_import"), {"token": token})
    assert "预览之后数据已有变化，请核对新的预览后再确认。" in response.content.decode()
    assert "负责人电话：13900000000 → 13905981234" in response.content.decode()
    own.refresh_from_db()
    assert own.principal_name == "张三"


def test_the_template_holds_the_importable_columns_of_the_export(cast, login):
    client = login(cast.user_a)
    template = load_workbook(io.BytesIO(client.get(reverse("grid:enterprise_import"), {"template": 1}).content))
    export = exported(client, "grid:enterprise")
    template_headers = [cell.value.rstrip("*") for cell in template.worksheets[0][1]]
    export_headers = [cell.value for cell in export.worksheets[0][1]]
    assert [header for header in export_headers if header in template_headers] == template_headers
    assert set(export_headers) - set(template_headers) == {"县（市、区）"}
