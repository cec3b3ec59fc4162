"""A class's day in a real browser: the county creates a class and invites principals on a desktop, shows the
QR code, and a principal follows its link on a phone-sized page to check in by ID number."""

import datetime
from urllib.parse import urlparse

import segno
from django.utils import timezone

from tests.test_browser import DESKTOP, PHONE, browser, pytestmark, session_factory  # noqa: F401
from training.models import Attendance, WarningClass

from .factories import EnterpriseFactory


def test_a_class_runs_from_creation_and_invitations_to_check_in_on_a_phone(cast, session_factory):  # noqa: F811
    principal = EnterpriseFactory(region=cast.township_a, name="三明浏览器机械有限公司", principal_name="李明")
    EnterpriseFactory(region=cast.township_a, name="三明浏览器铸造有限公司", principal_name="王芳")
    EnterpriseFactory(region=cast.township_b, name="邻镇建材有限公司")
    desk = session_factory(DESKTOP)
    page = desk.page
    desk.login("county")

    desk.goto("/training/classes/new/")
    starts = timezone.localtime(timezone.now() - datetime.timedelta(minutes=10))
    page.select_option("#id_region", str(cast.county.pk))
    page.fill("#id_title", "工贸行业企业负责人安全生产警示教育学习班")
    page.fill("#id_organiser", "三元区安委办")
    page.fill("#id_starts_at", f"{starts:%Y-%m-%dT%H:%M}")
    page.fill("#id_ends_at", f"{starts + datetime.timedelta(hours=3):%Y-%m-%dT%H:%M}")
    page.fill("#id_venue", "三元区安全生产警示教育基地")
    page.check("input[name=industries][value=industrial_trade]")
    page.fill("#id_audience", "工贸行业企业负责人")
    page.check("input[name=formats][value=video]")
    page.check("input[name=formats][value=lecture]")
    with page.expect_navigation():
        page.click("main button[type=submit]")
    klass = WarningClass.objects.get()
    assert urlparse(page.url).path == f"/training/classes/{klass.pk}/"
    assert "工贸行业企业负责人安全生产警示教育学习班" in page.locator("h1").inner_text()

    page.locator("main a", has_text="邀请参训").click()
    page.wait_for_load_state()
    page.select_option("#id_region", str(cast.township_a.pk))
    with page.expect_navigation():
        page.locator("main button", has_text="筛选企业").click()
    table = page.locator("main table").inner_text()
    assert "三明浏览器机械有限公司" in table and "邻镇建材有限公司" not in table
    with page.expect_navigation():
        page.locator("main button", has_text="邀请勾选的企业负责人").click()
    assert "已邀请 2 名企业主要负责人" in page.locator("main").inner_text()
    assert "参训情况：邀请 2 人，签到 0 人" in page.locator("main").inner_text()

    page.locator("main a", has_text="签到二维码").click()
    page.wait_for_load_state()
    link = page.locator("#check-in-link").get_attribute("href")
    assert link == f"{desk.base}/training/check-in/{klass.check_in_token}/"
    # The code on the screen is the link: the same symbol segno makes for it.
    shown = page.locator(".qr-code svg").evaluate("svg => svg.outerHTML")
    expected = segno.make(link, error="m").svg_inline(scale=8, border=2, dark="#000", title="签到二维码")
    assert shown.count("<path") == expected.count("<path") and 'd="' in shown
    assert expected.split('d="')[1].split('"')[0] in shown

    phone = session_factory(PHONE)
    mobile = phone.page
    phone.page.goto(link)
    assert "工贸行业企业负责人安全生产警示教育学习班" in mobile.locator("h1").inner_text()
    assert phone.fits_width()
    wrong = principal.principal_id_number[:-1] + ("1" if principal.principal_id_number[-1] != "1" else "2")
    mobile.fill("#id_name", "李明")
    mobile.fill("#id_id_number", wrong)
    with mobile.expect_navigation():
        mobile.click("main button[type=submit]")
    assert "身份证号码校验位错误，请核对。" in mobile.locator("#check-in-errors").inner_text()
    assert not Attendance.objects.exists()

    mobile.fill("#id_name", "李明")
    mobile.fill("#id_id_number", principal.principal_id_number)
    with mobile.expect_navigation():
        mobile.click("main button[type=submit]")
    done = mobile.locator("#check-in-done").inner_text()
    assert done.startswith("签到成功：李明（三明浏览器机械有限公司）") and "已邀请" in done
    assert principal.principal_id_number not in mobile.locator("main").inner_text()
    assert phone.fits_width()

    mobile.fill("#id_name", "李明")
    mobile.fill("#id_id_number", principal.principal_id_number)
    with mobile.expect_navigation():
        mobile.click("main button[type=submit]")
    assert "不能重复签到" in mobile.locator("#check-in-errors").inner_text()
    assert Attendance.objects.count() == 1

    desk.goto(f"/training/classes/{klass.pk}/")
    assert "参训情况：邀请 2 人，签到 1 人" in page.locator("main").inner_text()
