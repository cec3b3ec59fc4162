"""What officials see on the class page, the QR page, the dashboard and in the bulletin; list query counts."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from sanming_safety.bulletin import write_bulletin
from training import reports, services
from training.models import Invitation

from .factories import AccidentCaseFactory, EnterpriseFactory, WarningClassFactory, running_class


def test_the_qr_page_encodes_the_classs_phone_check_in_link(login, cast):
    klass = running_class(cast.county)
    response = login(cast.user_county).get(reverse("training:warning_class_qr", args=[klass.pk]))
    text = response.content.decode()
    link = f"http://testserver/training/check-in/{klass.check_in_token}/"
    assert response.context["url"] == link and f'href="{link}"' in text
    assert "<svg" in text and "签到进行中" in text
    assert login(cast.user_a).get(reverse("training:warning_class_qr", args=[klass.pk])).status_code == 403
    assert login(cast.user_other_county).get(reverse("training:warning_class_qr", args=[klass.pk])).status_code == 404


def test_the_class_page_shows_who_was_invited_and_who_signed_in(login, cast):
    klass = running_class(cast.county)
    came = EnterpriseFactory(region=cast.township_a, principal_name="李明", name="三明甲机械有限公司")
    absent = EnterpriseFactory(region=cast.township_b, principal_name="王芳", name="三明乙建材有限公司")
    for enterprise in (came, absent):
        Invitation.objects.create(warning_class=klass, enterprise=enterprise)
    services.check_in(warning_class=klass, id_number=came.principal_id_number)
    text = login(cast.user_county).get(klass.get_absolute_url()).content.decode()
    assert "参训情况：邀请 2 人，签到 1 人" in text
    assert "三明甲机械有限公司" in text and "已签到" in text and "未签到" in text
    # A township reads the class, but only its own principals on it.
    text = login(cast.user_a).get(klass.get_absolute_url()).content.decode()
    assert "三明甲机械有限公司" in text and "三明乙建材有限公司" not in text
    assert "邀请参训" not in text


def test_the_class_list_shows_its_counts_and_labels(login, cast):
    klass = running_class(cast.county, industries=["industrial_trade", "construction"])
    enterprise = EnterpriseFactory(region=cast.township_a)
    Invitation.objects.create(warning_class=klass, enterprise=enterprise)
    services.check_in(warning_class=klass, id_number=enterprise.principal_id_number)
    response = login(cast.user_county).get(reverse("training:warning_class_list"))
    text = response.content.decode()
    assert "工贸企业、建筑施工" in text and "县级" in text
    row = response.context["object_list"][0]
    assert (row.invited_count, row.attended_count, row.walk_in_count) == (1, 1, 0)


def test_the_class_list_and_api_filter_by_one_of_the_target_industries(login, cast):
    both = running_class(cast.county, industries=["industrial_trade", "construction"])
    building = running_class(cast.county, industries=["construction"])
    running_class(cast.county, industries=["mining"])
    client = login(cast.user_county)
    page = client.get(reverse("training:warning_class_list"), {"industry": "construction"})
    assert {row.pk for row in page.context["object_list"]} == {both.pk, building.pk}
    api = client.get("/api/v1/training/classes/", {"industry": "industrial_trade"}).json()
    assert [row["id"] for row in api["results"]] == [both.pk]


def test_the_dashboard_counts_this_years_classes_and_coverage(login, cast):
    klass = running_class(cast.county)
    city = running_class(cast.city)
    enterprise = EnterpriseFactory(region=cast.township_a)
    EnterpriseFactory(region=cast.township_a)
    services.check_in(warning_class=klass, id_number=enterprise.principal_id_number)
    data = reports.dashboard(cast.user_county)
    assert (data["classes"], data["city_level"], data["attendances"]) == (2, 1, 1)
    assert (data["principals"], data["attended"], data["rate"]) == (2, 1, 50.0)
    assert city in data["upcoming"]
    text = login(cast.user_county).get("/").content.decode()
    assert "警示教育“一季一班”" in text and "50.0%" in text


def test_the_bulletin_counts_classes_and_attendances_by_organiser_for_month_quarter_and_year(cast):
    def held(region, day, people):
        start = timezone.make_aware(datetime.datetime(2025, *day, 9))
        klass = WarningClassFactory(region=region, starts_at=start, ends_at=start + datetime.timedelta(hours=2))
        for _ in range(people):
            enterprise = EnterpriseFactory(region=cast.township_a)
            services.check_in(warning_class=klass, id_number=enterprise.principal_id_number, enforce_window=False)

    held(cast.city, (1, 20), 2)
    held(cast.county, (2, 10), 3)
    held(cast.county, (5, 8), 4)
    held(cast.other_county, (5, 9), 1)
    sheets = {s.title: s for s in reports.bulletin_sheets(month=datetime.date(2025, 5, 1), region=cast.city)}
    rows = {row[0]: row[1:] for row in sheets["警示教育学习班"].rows}
    assert rows["三明市本级"] == [0, 0, 0, 0, 1, 2]
    assert rows[cast.county.name] == [1, 4, 1, 4, 2, 7]
    assert rows[cast.other_county.name] == [1, 1, 1, 1, 1, 1]
    assert rows["合计"] == [2, 5, 2, 5, 4, 10]
    assert "市级学习班 1 场" in sheets["警示教育学习班"].note
    coverage = {row[0]: row[1:] for row in sheets["企业负责人参训覆盖"].rows}
    assert coverage[cast.county.name][:3] == [10, 10, 0]
    workbook = load_workbook(write_bulletin(datetime.date(2025, 5, 1), cast.city))
    assert any("警示教育学习班" in name for name in workbook.sheetnames), workbook.sheetnames


def test_the_case_library_serves_attachments_to_those_who_read_the_case(login, cast, settings, tmp_path):
    from django.core.files.base import ContentFile

    settings.MEDIA_ROOT = tmp_path
    case = AccidentCaseFactory(region=cast.county)
    case.attachment.save("case.pdf", ContentFile(b"%PDF-1.4 demo"), save=True)
    url = reverse("training:accident_case_attachment", args=[case.pk])
    assert login(cast.user_a).get(url).status_code == 200
    assert login(cast.user_other_county).get(url).status_code == 404


LISTS = [
    "/training/classes/",
    "/training/invitations/",
    "/training/attendances/",
    "/training/cases/",
    "/api/v1/training/classes/",
    "/api/v1/training/invitations/",
    "/api/v1/training/attendances/",
]


def grow(cast, n: int) -> None:
    """``n`` more classes, each with an invited principal who came, a walk-in and a case."""
    for _ in range(n):
        klass = running_class(cast.county)
        klass.cases.add(AccidentCaseFactory(region=cast.county))
        invited, walk_in = EnterpriseFactory(region=cast.township_a), EnterpriseFactory(region=cast.township_b)
        Invitation.objects.create(warning_class=klass, enterprise=invited)
        for enterprise in (invited, walk_in):
            services.check_in(warning_class=klass, id_number=enterprise.principal_id_number)


def count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.parametrize("url", LISTS)
def test_list_query_counts_do_not_grow_with_the_data(cast, client, url):
    client.force_login(cast.user_county)
    grow(cast, 2)
    client.get(url)  # session and content types warmed
    small = count(client, url)
    grow(cast, 8)
    assert count(client, url) == small


@pytest.mark.parametrize(
    ("url", "queries"),
    [("/training/classes/", 7), ("/api/v1/training/classes/", 6), ("/training/attendances/", 10)],
)
def test_pinned_query_counts(cast, client, django_assert_num_queries, url, queries):
    client.force_login(cast.user_county)
    grow(cast, 3)
    client.get(url)
    with django_assert_num_queries(queries):
        client.get(url)
