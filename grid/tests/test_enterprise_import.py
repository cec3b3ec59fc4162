import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from base.excel import _add_history
from grid.importers import EnterpriseImporter
from grid.models import Enterprise
from tests.scoping import import_workbook, workbook_upload

from .factories import EnterpriseFactory


def row(region, **overrides):
    obj = EnterpriseFactory.build(region=region)
    data = {
        "单位名称": obj.name,
        "统一社会信用代码": obj.credit_code,
        "行业": "工贸企业",
        "所在乡镇（街道）": region.name,
        "监管部门": "三元区应急管理局",
        "监管层级": "乡镇级",
        "风险等级": "一般风险",
        "基础薄弱": "否",
        "主要负责人": "陈明",
        "负责人身份证号": obj.principal_id_number,
        "负责人电话": "13905981234",
        "经营状态": "正常经营",
        "经度": 117.61,
        "纬度": 26.23,
    }
    return {**data, **overrides}


def upload(client, rows=None, file=None):
    file = file or workbook_upload(EnterpriseImporter, rows)
    return import_workbook(client, reverse("grid:enterprise_import"), file)


def messages(response) -> list[str]:
    return [str(error) for error in response.context["errors"]]


def test_template_has_the_headers_and_instructions(cast, login):
    response = login(cast.user_a).get(reverse("grid:enterprise_import"), {"template": 1})
    workbook = load_workbook(io.BytesIO(response.content))
    headers = [cell.value for cell in workbook.worksheets[0][1]]
    assert headers[:3] == ["单位名称*", "统一社会信用代码*", "行业*"]
    notes = {r[0]: r[1] for r in workbook["填写说明"].iter_rows(min_row=2, values_only=True)}
    assert "危险化学品" in notes["行业（必填）"]


def test_valid_rows_are_all_created_with_history(cast, login):
    client = login(cast.user_county)
    response = upload(
        client, [row(cast.township_a), row(cast.township_b, **{"所在乡镇（街道）": cast.township_b.code})]
    )
    assert response.status_code == 302
    assert Enterprise.objects.count() == 2
    created = Enterprise.objects.get(region=cast.township_b)
    assert created.department.name == "三元区应急管理局"
    record = created.history.get()
    assert record.history_change_reason == "Excel导入"
    assert record.history_user == cast.user_county
    assert (record.history_type, record.name, record.region_id) == ("+", created.name, cast.township_b.pk)


def test_a_record_written_in_bulk_keeps_the_history_reason_it_carries(cast):
    # The database copies new rows into their history with the import's reason; a record's own wins.
    enterprise = EnterpriseFactory(region=cast.township_a)
    enterprise._change_reason = "合并登记"
    _add_history([enterprise], Enterprise, user=cast.user_county, reason="Excel导入", batch_size=1000)
    record = enterprise.history.latest("history_id")
    assert (record.history_change_reason, record.history_user) == ("合并登记", cast.user_county)


def test_one_bad_row_rejects_the_whole_file_naming_row_and_column(cast, login):
    rows = [row(cast.township_a), row(cast.township_a, 统一社会信用代码="91350404MA31234560"), row(cast.township_a)]
    response = upload(login(cast.user_a), rows)
    assert messages(response) == ["第3行 B列（统一社会信用代码）：统一社会信用代码校验位错误，请核对。"]
    assert not Enterprise.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"行业": "炼钢"}, "第2行 C列（行业）：“炼钢”不是有效选项。"),
        ({"所在乡镇（街道）": "不存在镇"}, "第2行 D列（所在乡镇（街道））：“不存在镇”不存在或不在您的管辖范围内。"),
        ({"基础薄弱": "也许"}, "第2行 K列（基础薄弱）：请填写“是”或“否”。"),
        ({"主要负责人": None}, "第2行 L列（主要负责人）：该字段是必填项。"),
        ({"负责人电话": "110"}, "第2行 N列（负责人电话）：请输入11位手机号码或带区号的固定电话（如 0598-8234567）。"),
        ({"经度": "东经"}, "第2行 F列（经度）：输入一个数字。"),
    ],
)
def test_bad_cells_are_named(cast, login, overrides, expected):
    response = upload(login(cast.user_a), [row(cast.township_a, **overrides)])
    assert expected in messages(response)
    assert not Enterprise.objects.exists()


def test_duplicates_within_the_file_and_a_register_entry_of_another_township(cast, login):
    existing = EnterpriseFactory(region=cast.township_b)
    first = row(cast.township_a)
    rows = [
        first,
        row(cast.township_a, 统一社会信用代码=first["统一社会信用代码"]),
        row(cast.township_a, 统一社会信用代码=existing.credit_code),
    ]
    response = upload(login(cast.user_a), rows)
    assert "第3行 B列（统一社会信用代码）：与第2行重复。" in messages(response)
    assert f"第4行 B列（统一社会信用代码）：“{existing.credit_code}”对应的记录不在您可修改的管辖范围内，不能更新。" in (
        messages(response)
    )
    assert Enterprise.objects.count() == 1


def test_a_file_that_is_not_a_workbook_is_refused(cast, login):
    response = upload(login(cast.user_a), file=SimpleUploadedFile("企业.xlsx", b"PK\x03\x04 not really"))
    assert messages(response) == ["表头：无法读取文件：请上传由模板填写的 Excel 工作簿（.xlsx）。"]


def test_a_file_of_another_type_is_refused_by_the_form(cast, login):
    response = upload(login(cast.user_a), file=SimpleUploadedFile("企业.csv", b"a,b"))
    assert "请上传 .xlsx 格式" in str(response.context["form"].errors["file"])


def test_wrong_headers_are_named(cast, login):
    workbook = Workbook()
    workbook.active.append(["单位名称", "信用代码", "备注"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = upload(login(cast.user_a), file=SimpleUploadedFile("企业.xlsx", buffer.getvalue()))
    text = " ".join(messages(response))
    assert "缺少表头：统一社会信用代码、行业" in text
    assert "无法识别的表头：信用代码、备注" in text


def test_an_empty_workbook_is_refused(cast, login):
    response = upload(login(cast.user_a), [])
    assert messages(response) == ["表头：工作簿中没有数据行。"]


def test_read_only_roles_cannot_import(cast, login):
    assert login(cast.user_leader).get(reverse("grid:enterprise_import")).status_code == 403


def test_errors_are_listed_by_row_then_column(cast, login):
    rows = [row(cast.township_a, 行业="炼钢", 统一社会信用代码="bad"), row(cast.township_a, 经营状态="倒闭")]
    found = [(e.row, e.column) for e in upload(login(cast.user_a), rows).context["errors"]]
    assert found == sorted(found, key=lambda rc: (rc[0], len(rc[1]), rc[1]))
    assert found[0] == (2, "B")


def test_rows_that_would_leave_the_jurisdiction_are_all_undone(cast, login):
    """The department may name another regulator, but then the rows are not its own: nothing is kept."""
    rows = [row(cast.township_a), row(cast.township_a, 监管部门="三元区住房和城乡建设局")]
    response = upload(login(cast.user_department), rows)
    assert any("不在您的管辖范围内" in message for message in messages(response))
    assert not Enterprise.objects.exists()


def test_an_import_asks_the_database_as_often_for_3_rows_as_for_12_and_keeps_history(cast):
    def queries(rows) -> int:
        upload = workbook_upload(EnterpriseImporter, rows)
        with CaptureQueriesContext(connection) as captured:
            result = EnterpriseImporter().run(upload, cast.user_county)
        assert result.ok and result.applied, result.errors
        return len(captured)

    queries([row(cast.township_a)])  # what a process fetches once (content types) is fetched here
    assert queries([row(cast.township_a) for _ in range(3)]) == queries([row(cast.township_b) for _ in range(12)])
    changed = [
        {**row(cast.township_a), "单位名称": f"改名{e.pk}", "统一社会信用代码": e.credit_code}
        for e in Enterprise.objects.order_by("pk")
    ]
    assert queries(changed[:3]) == queries(changed[3:])
    assert set(Enterprise.objects.values_list("name", flat=True)) == {f"改名{e.pk}" for e in Enterprise.objects.all()}
    history = Enterprise.history.filter(history_change_reason="Excel导入")
    assert history.filter(history_type="+").count() == history.filter(history_type="~").count() == 16
    assert set(history.values_list("history_user", flat=True)) == {cast.user_county.pk}
