"""Error pages are Chinese, in the site's shell, with the way back (issue 9)."""

import pytest
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from base.errors import server_error
from hazards.tests.factories import HazardFactory


def assert_in_shell(page: str, heading: str) -> None:
    assert heading in page
    assert "三明市安全生产监管平台" in page  # the site's title
    assert 'href="/">返回工作台</a>' in page
    for english in ("Not Found", "Forbidden", "Server Error", "CSRF verification failed"):
        assert english not in page


def test_a_record_outside_the_jurisdiction_is_a_chinese_404_with_the_way_back(cast, login):
    hazard = HazardFactory(region=cast.township_a)
    client = login(cast.user_b)
    response = client.get(hazard.get_absolute_url(), HTTP_REFERER="http://testserver/hazards/?status=reported")
    assert response.status_code == 404
    page = response.content.decode()
    assert_in_shell(page, "页面不存在（404）")
    assert "不在您的管辖范围内" in page
    assert 'href="/hazards/?status=reported">返回上一页</a>' in page
    assert "township_b" in page  # the navigation bar knows who is signed in


def test_a_404_without_a_referer_goes_one_level_up_and_never_off_site(cast, login):
    client = login(cast.user_a)
    page = client.get("/hazards/999999/", HTTP_REFERER="https://evil.example/x").content.decode()
    assert 'href="/hazards/">返回上一页</a>' in page
    assert "evil.example" not in page


def test_a_role_without_the_right_gets_a_chinese_403_saying_why(cast, login):
    response = login(cast.user_leader).get(reverse("hazards:hazard_create"))
    assert response.status_code == 403
    page = response.content.decode()
    assert_in_shell(page, "无权访问（403）")
    assert "您的角色无权进行此操作。" in page
    assert "请联系本级安委办" in page


@pytest.mark.urls("sanming_safety.tests.error_urls")
def test_a_server_error_is_a_chinese_500_page(cast, settings):
    settings.DEBUG = False
    client = Client(raise_request_exception=False)
    client.force_login(cast.user_a)
    response = client.get("/boom/")
    assert response.status_code == 500
    page = response.content.decode()
    assert_in_shell(page, "系统错误（500）")
    assert "database is down" not in page


def test_the_500_page_needs_no_database(db):
    request = RequestFactory().get("/hazards/12/")
    with CaptureQueriesContext(connection) as queries:
        response = server_error(request)
    assert len(queries) == 0
    assert response.status_code == 500
    assert_in_shell(response.content.decode(), "系统错误（500）")


def test_a_failed_csrf_check_is_explained_in_chinese(cast):
    hazard = HazardFactory(region=cast.township_a)
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.user_a)
    url = reverse("hazards:hazard_action", args=[hazard.pk, "start"])
    response = client.post(url, {}, HTTP_REFERER=f"http://testserver{hazard.get_absolute_url()}")
    assert response.status_code == 403
    page = response.content.decode()
    assert_in_shell(page, "页面已过期，未能提交")
    assert f'href="{hazard.get_absolute_url()}">返回上一页</a>' in page
    hazard.refresh_from_db()
    assert hazard.status == "reported"
