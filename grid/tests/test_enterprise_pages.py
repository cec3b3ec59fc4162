import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from stdnum.cn import ric

from grid.models import Enterprise

from .factories import EnterpriseFactory


def resident_id_with_bad_date():
    body = "35040319801301001"
    return body + ric.calc_check_digit(body + "0")


def valid_data(region, **overrides):
    obj = EnterpriseFactory.build(region=region)
    data = {
        "name": "三明列东新材料有限公司",
        "credit_code": obj.credit_code,
        "industry": "industrial_trade",
        "region": region.pk,
        "address": "列东街道东安路1号",
        "supervision_level": "township",
        "risk_grade": "yellow",
        "principal_name": "陈明",
        "principal_id_number": obj.principal_id_number,
        "principal_phone": "13905981234",
        "status": "operating",
    }
    return {**data, **overrides}


def test_create_records_who_and_what_in_history(cast, login):
    client = login(cast.user_a)
    response = client.post(reverse("grid:enterprise_create"), valid_data(cast.township_a))
    enterprise = Enterprise.objects.get(name="三明列东新材料有限公司")
    assert response.status_code == 302
    assert response.url == enterprise.get_absolute_url()
    client.post(
        reverse("grid:enterprise_edit", args=[enterprise.pk]),
        valid_data(
            cast.township_a,
            credit_code=enterprise.credit_code,
            principal_id_number=enterprise.principal_id_number,
            risk_grade="orange",
        ),
    )
    history = client.get(enterprise.get_absolute_url()).context["history"]
    assert [entry.action for entry in history] == ["修改", "新建"]
    assert history[0].who == "township_a · 列东街道"  # the person and their office (issue 9)
    assert [(c.field, c.old, c.new) for c in history[0].changes] == [("风险等级", "一般风险", "较大风险")]


def test_credit_code_is_normalised_before_validation(cast, login):
    code = EnterpriseFactory.build().credit_code
    login(cast.user_a).post(
        reverse("grid:enterprise_create"), valid_data(cast.township_a, credit_code=f" {code.lower()} ")
    )
    assert Enterprise.objects.filter(credit_code=code).exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("credit_code", "91350404MA31234560", "统一社会信用代码校验位错误"),
        ("credit_code", "9135", "统一社会信用代码长度应为18位"),
        ("principal_id_number", "350403198001010011", "身份证号码校验位错误"),
        ("principal_id_number", resident_id_with_bad_date(), "地区码或出生日期无效"),
        ("principal_phone", "12345", "请输入11位手机号码"),
        ("name", "", "该字段是必填项"),
        ("longitude", "117.6", "经度和纬度须同时填写"),
    ],
)
def test_bad_input_is_refused_with_a_message_on_the_field(cast, login, field, value, message):
    response = login(cast.user_a).post(reverse("grid:enterprise_create"), valid_data(cast.township_a, **{field: value}))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert any(message in error for errors_of in errors.values() for error in errors_of), errors
    assert not Enterprise.objects.exists()


def test_duplicate_credit_code_is_refused(cast, login):
    existing = EnterpriseFactory(region=cast.township_a)
    response = login(cast.user_a).post(
        reverse("grid:enterprise_create"), valid_data(cast.township_a, credit_code=existing.credit_code)
    )
    assert "已存在" in str(response.context["form"].errors["credit_code"])


def test_list_filters_search_and_sorts(cast, login):
    EnterpriseFactory(region=cast.township_a, name="甲化工", industry="hazardous_chemicals", risk_grade="red")
    EnterpriseFactory(region=cast.township_b, name="乙建筑", industry="construction")
    EnterpriseFactory(region=cast.other_township, name="丙运输", industry="road_transport")
    client = login(cast.user_city)

    def names(**params):
        response = client.get(reverse("grid:enterprise_list"), params)
        return [e.name for e in response.context["object_list"]]

    assert names(county=cast.county.pk, ordering="name") == sorted(["甲化工", "乙建筑"])
    assert names(industry="construction") == ["乙建筑"]
    assert names(q="化工") == ["甲化工"]
    assert names(q=Enterprise.objects.get(name="丙运输").credit_code) == ["丙运输"]
    assert names(risk_grade="red") == ["甲化工"]
    assert names(ordering="-name") == sorted(["甲化工", "乙建筑", "丙运输"], reverse=True)


def test_empty_list_says_so(cast, login):
    response = login(cast.user_a).get(reverse("grid:enterprise_list"))
    assert "暂无记录" in response.content.decode()


def test_export_has_the_filtered_rows_with_chinese_labels(cast, login):
    EnterpriseFactory(region=cast.township_a, name="甲化工", risk_grade="red")
    EnterpriseFactory(region=cast.township_a, name="甲商贸", risk_grade="blue")
    response = login(cast.user_a).get(reverse("grid:enterprise_list"), {"risk_grade": "red", "export": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("单位名称", "统一社会信用代码", "行业")
    assert [row[0] for row in rows[1:]] == ["甲化工"]
    grade = rows[0].index("风险等级")
    assert rows[1][grade] == "重大风险"
    assert sheet.cell(row=2, column=grade + 1).fill.fgColor.rgb == "FFDC3545"


def test_the_api_refuses_bad_input_with_field_errors(cast, client):
    client.force_login(cast.user_a)
    payload = valid_data(cast.township_a, credit_code="bad", principal_phone="1", longitude="200", latitude="26")
    response = client.post("/api/v1/grid/enterprises/", payload, content_type="application/json")
    assert response.status_code == 400
    assert {"credit_code", "principal_phone"} <= set(response.json())
    payload = valid_data(cast.township_a, longitude="200", latitude="26")
    response = client.post("/api/v1/grid/enterprises/", payload, content_type="application/json")
    assert response.status_code == 400
    assert "longitude" in response.json()


@pytest.mark.parametrize("rows", [3, 30])
def test_list_page_queries_do_not_grow_with_rows(cast, login, django_assert_num_queries, rows):
    EnterpriseFactory.create_batch(rows, region=cast.township_a, supervised_by="emergency")
    client = login(cast.user_county)
    # session, user, official, notices count, page count, page rows,
    # filter choices (county, township, department; the grid is typed ahead)
    with django_assert_num_queries(9):
        response = client.get(reverse("grid:enterprise_list"))
    assert len(response.context["object_list"]) == rows


@pytest.mark.parametrize("rows", [3, 30])
def test_api_list_queries_do_not_grow_with_rows(cast, client, django_assert_num_queries, rows):
    EnterpriseFactory.create_batch(rows, region=cast.township_a, supervised_by="emergency")
    client.force_login(cast.user_county)
    # session, user, official, count, rows
    with django_assert_num_queries(5):
        response = client.get("/api/v1/grid/enterprises/")
    assert response.json()["count"] == rows


@pytest.mark.parametrize("rows", [3, 30])
def test_detail_page_queries_are_bounded(cast, login, django_assert_max_num_queries, rows):
    enterprise = EnterpriseFactory(region=cast.township_a, supervised_by="emergency")
    client = login(cast.user_a)
    for index in range(rows):
        enterprise.name = f"改名{index}"
        enterprise.save()
    # session, user, official, notices count, the enterprise, may-change-it, history page, one query per
    # related model named in the history shown (township, department), and the record of the full ID number
    # shown (base.privacy), two for the panel the enforcement app adds (its deliveries, its penalties) and
    # one for the inspections app's (its chain of inspections): at most 13 however long the history
    with django_assert_max_num_queries(13):
        response = client.get(enterprise.get_absolute_url())
    assert len(response.context["history"]) == min(enterprise.history.count(), 30)


def test_yes_no_filters_read_all_when_unset(cast, login):
    form = login(cast.user_a).get(reverse("grid:enterprise_list")).context["filter"].form
    assert form.fields["weak_foundation"].widget.choices[0] == ("", "全部")
