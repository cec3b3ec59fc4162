"""The 督查通报 in a real browser (issue 13): the city committee drafts October's bulletin, edits it and
issues it as 第1期; September's, issued after it, is 第2期; the county committee issues its own
October bulletin as its own 第1期, and its 通知 page carries the city bulletin's mention of the county.

One Chromium (the module's), one context per person, as in tests/test_browser.py.
"""

import datetime
import re

import pytest
from django.utils import timezone

from hazards.tests.factories import HazardFactory
from sanming_safety.models import BulletinIssue

from .test_browser import browser, session_factory  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def draft(session, month: str) -> None:
    """起草 ``month`` from the list page; the draft's page opens."""
    session.goto("/bulletins/")
    session.page.fill("#month", month)
    with session.page.expect_navigation():
        session.page.click("main form button:has-text('起草')")
    assert "草稿" in session.page.locator("#bulletin-status").inner_text()


def issue(session, document_number: str = "") -> str:
    """签发 the open draft with today's date; returns the 第N期 the page then shows."""
    page = session.page
    page.fill("#id_document_number", document_number)
    with page.expect_navigation():
        page.click("button[value=issue]")
    assert "已签发" in page.locator(".alert-success").inner_text(), page.locator("main").inner_text()
    assert page.locator("#bulletin-status").inner_text() == "已签发"
    assert page.locator("textarea").count() == 0  # nothing left to edit
    return page.locator("#bulletin-number").inner_text()


def test_the_city_and_a_county_draft_edit_and_issue_their_bulletins(cast, session_factory):  # noqa: F811
    overdue = {"grade": "major", "deadline": datetime.date(2026, 9, 1)}
    HazardFactory(region=cast.township_a, found_on=datetime.date(2026, 5, 1), **overdue)
    HazardFactory(region=cast.other_township, found_on=datetime.date(2026, 6, 1), **overdue)
    HazardFactory(region=cast.other_township, found_on=datetime.date(2026, 7, 1), **overdue)

    city = session_factory()
    city.login("city")
    draft(city, "2026-10")
    page = city.page
    problems = page.locator("#id_problems").input_value()
    assert f"重大隐患逾期未整改：{cast.other_county.name}2条、{cast.county.name}1条。" in problems
    # The rankings preview marks the county with the most overdue hazards as the worst.
    worst = page.locator("table.ranking tr.table-danger", has_text=cast.other_county.name)
    assert worst.count() >= 1
    page.fill("#id_overview", "")
    with page.expect_navigation():
        page.click("button[value=save]")
    assert "请填写“一、总体情况”" in page.locator("main").inner_text()
    page.fill("#id_overview", "十月全市安全生产形势总体平稳。")
    with page.expect_navigation():
        page.click("button[value=save]")
    assert "草稿已保存" in page.locator(".alert-success").inner_text()
    assert page.locator("#id_overview").input_value() == "十月全市安全生产形势总体平稳。"
    assert issue(city, "明安委办〔2026〕9号") == f"{timezone.localdate().year}年第1期"
    assert "十月全市安全生产形势总体平稳。" in page.locator("#bulletin-text").inner_text()
    with page.expect_download() as download:
        page.click("a:has-text('下载通报文档')")
    assert download.value.suggested_filename.endswith("第1期.docx")

    draft(city, "2026-09")
    assert issue(city) == f"{timezone.localdate().year}年第2期"

    county = session_factory()
    county.login("county")
    draft(county, "2026-10")
    assert "重大隐患逾期未整改：列东街道1条。" in county.page.locator("#id_problems").input_value()
    assert issue(county) == f"{timezone.localdate().year}年第1期"

    county.goto("/notifications/")
    notice = county.page.locator("main .list-group-item", has_text="三明市安全生产督查通报")
    assert re.search(rf"点名{cast.county.name}：重大隐患逾期未整改（{cast.county.name}1条）", notice.first.inner_text())
    county.goto("/bulletins/")
    rows = county.page.locator("main table tbody tr")
    assert rows.count() == 3  # its own issue and the city's two, which every county reads
    numbers = sorted(BulletinIssue.objects.filter(status="issued").values_list("region__code", "number"))
    assert numbers == [("350400", 1), ("350400", 2), ("350404", 1)]
