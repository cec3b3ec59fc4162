"""A major hazard walked from registration to closing in a real browser, as the people who hand it
to each other (issue 9): the township registers it, the county committee assigns a leader, the
leader urges, the township rectifies and submits, the acceptor closes it. At each hand-over the
next person's 通知 page carries the notice, and the hazard's 变更记录 ends up naming every step,
person and office.

One Chromium (the module's), one context per person, as in tests/test_browser.py. A second walk
asks for an extension, has it refused, then approved, on the same pages.
"""

import datetime
from urllib.parse import urlparse

import pytest
from django.utils import timezone

from grid.tests.factories import EnterpriseFactory
from hazards import services
from hazards.choices import HazardGrade, HazardStatus
from hazards.models import Hazard
from hazards.tests.factories import HazardFactory

from .test_browser import browser, session_factory  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "液氨制冷车间氨泄漏报警装置失效"


def notices(session, text):
    """Open the person's 通知 page and return the notice that says ``text`` (it must be there)."""
    session.goto("/notifications/")
    notice = session.page.locator("main .list-group-item", has_text=text)
    assert notice.count() >= 1, f"no notice saying {text!r}: {session.page.locator('main').inner_text()}"
    return notice.first


def open_notice(session, text):
    """Click the notice's 查看: it is marked read and its hazard's page opens."""
    notice = notices(session, text)
    with session.page.expect_navigation():
        notice.locator("button", has_text="查看").click()


def act(page, name, fill, done):
    """Unfold the hazard page's step ``name``, fill its form and send it; the page says ``done``."""
    page.locator(f"button[data-bs-target='#action-{name}']").click()
    # Unfolded to the end: a form sent while Bootstrap still animates the accordion may not navigate.
    page.locator(f"#action-{name}.collapse.show:not(.collapsing)").wait_for()
    form = page.locator(f"#action-{name} form")
    form.wait_for(state="visible")
    fill(form)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    assert done in page.locator(".alert-success").inner_text(), page.locator("main").inner_text()


def test_a_major_hazard_from_registration_to_closing_hand_by_hand(cast, session_factory):  # noqa: F811
    emergency = cast.user_department.official.department
    enterprise = EnterpriseFactory(region=cast.township_a, name="三明市列东液氨制冷有限公司")
    today = timezone.localdate()
    deadline = today + datetime.timedelta(days=30)

    # The township official registers the major hazard through the page's form.
    township = session_factory()
    page = township.page
    township.login("township_a")
    township.goto("/hazards/new/")
    page.fill("#id_title", TITLE)
    page.select_option("#id_grade", "major")
    page.select_option("#id_industry", enterprise.industry)
    page.select_option("#id_source", "department_inspection")
    # The unit is typed ahead: type part of its name and take the suggestion.
    page.fill("#id_enterprise", "列东液氨")
    suggestion = page.locator("#id_enterprise-options option").first
    suggestion.wait_for(state="attached")
    page.fill("#id_enterprise", suggestion.get_attribute("value"))
    page.select_option("#id_region", str(cast.township_a.pk))
    page.select_option("#id_department", str(emergency.pk))
    page.fill("#id_description", "制冷车间氨气泄漏报警装置失效，联锁停机不动作")
    page.fill("#id_finder", "区应急局检查组")
    page.fill("#id_measures", "更换报警探头，恢复联锁，制定专项应急预案")
    page.fill("#id_responsible_person", "陈厂长")
    page.fill("#id_responsible_unit", enterprise.name)
    page.fill("#id_deadline", deadline.isoformat())
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    hazard = Hazard.objects.get(title=TITLE)
    assert (hazard.enterprise, hazard.is_major, hazard.department) == (enterprise, True, emergency)
    assert urlparse(page.url).path == hazard.get_absolute_url()

    # The county committee hears that the major hazard has no leader, and assigns one on its page.
    county = session_factory()
    county.login("county")
    open_notice(county, f"重大隐患“{TITLE}”（列东街道）已登记，尚未明确挂包领导")
    assert urlparse(county.page.url).path == hazard.get_absolute_url()

    def assign(form):
        form.locator("select[name=leader]").select_option(str(cast.user_leader.official.pk))
        form.locator("input[name=target_date]").fill(deadline.isoformat())

    act(county.page, "assign", assign, "已明确挂包领导")

    # The leader hears of the assignment and urges from his own page.
    leader = session_factory()
    leader.login("leader")
    notices(leader, f"您已挂包重大隐患“{TITLE}”（列东街道），目标完成日期 {deadline:%Y-%m-%d}")
    leader.goto("/hazards/leaders/mine/")
    card = leader.page.locator("main .card", has_text=TITLE)
    card.locator("input[name=text]").fill("请本周内恢复报警联锁")
    with leader.page.expect_navigation():
        card.locator("button", has_text="督促").click()
    assert "已督促" in leader.page.locator(".alert-success").inner_text()
    assert urlparse(leader.page.url).path == "/hazards/leaders/mine/"

    # The township hears of the leader and the urge, and rectifies.
    notices(township, f"重大隐患“{TITLE}”已明确挂包领导：leader（副市长）")
    open_notice(township, f"leader督促隐患“{TITLE}”：请本周内恢复报警联锁")
    act(page, "start", lambda form: None, "已开始整改")

    def progress(form):
        form.locator("textarea[name=text]").fill("报警探头已更换，联锁已恢复并试验合格")
        form.locator("input[name=percent]").fill("100")

    act(page, "progress", progress, "已填报整改进展")
    # The 五到位 are recorded on the hazard's own form.
    with page.expect_navigation():
        page.locator("main a", has_text="编辑").first.click()
    for name in Hazard.FIVE_IN_PLACE:
        page.check(f"#id_{name}")
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    assert "已保存" in page.locator(".alert-success").inner_text()
    act(page, "submit", lambda form: None, "已申请验收")
    hazard.refresh_from_db()
    assert (hazard.status, hazard.progress) == (HazardStatus.AWAITING_ACCEPTANCE, 100)

    # Whoever accepts it hears of it: the supervising department (and the county committee) — the department closes it.
    names = {user.username for user in services.acceptors(hazard)}
    assert names == {"department", "county"}
    acceptor = session_factory()
    acceptor.login("department")
    open_notice(acceptor, f"重大隐患“{TITLE}”（列东街道）已整改完毕，申请验收")
    notices(county, f"重大隐患“{TITLE}”（列东街道）已整改完毕，申请验收")
    act(
        acceptor.page,
        "accept",
        lambda form: form.locator("textarea[name=note]").fill("现场复核，报警联锁正常"),
        "验收通过，已销号",
    )
    hazard.refresh_from_db()
    assert hazard.status == HazardStatus.CLOSED

    # The township and the leader hear it is closed.
    for session in (township, leader):
        notices(session, f"重大隐患“{TITLE}”（列东街道）验收通过，已销号：现场复核，报警联锁正常")

    # The hazard's 变更记录 names every step, with the person and their office.
    township.goto(hazard.get_absolute_url())
    history = page.locator(".card", has=page.locator(".card-header", has_text="变更记录"))
    entries = [text.split("\n")[0] for text in history.locator(".list-group-item > div:first-child").all_inner_texts()]
    expected = [
        "township_a · 列东街道 · 新建",
        f"county · 三元区 · 修改（明确挂包领导：leader（副市长），{today.year}年度，目标完成日期 {deadline:%Y-%m-%d}）",
        "leader · 三明市 · 修改（督促：请本周内恢复报警联锁）",
        "township_a · 列东街道 · 修改（开始整改）",
        "township_a · 列东街道 · 修改（整改进展 100%）",
        "township_a · 列东街道 · 修改（申请验收）",
        "department · 三元区应急管理局 · 修改（验收通过，销号：现场复核，报警联锁正常）",
    ]
    for step in expected:
        assert any(entry.startswith(step) for entry in entries), f"{step!r} not in {entries}"
    # And the 挂包领导 panel says who assigned the leader, and the urge.
    panel = page.locator(".card", has=page.locator(".card-header", has_text="挂包领导")).inner_text()
    assert f"{today:%Y-%m-%d} 由 county · 三元区 明确" in panel
    assert "请本周内恢复报警联锁" in panel


def test_an_extension_is_requested_refused_then_approved_on_the_hazard_page(cast, session_factory):  # noqa: F811
    hazard = HazardFactory(region=cast.township_a, grade=HazardGrade.MAJOR, title="尾矿库排洪设施损坏")
    old = hazard.deadline
    asked = old + datetime.timedelta(days=20)

    township = session_factory()
    township.login("township_a")

    def request(form):
        form.locator("input[name=new_deadline]").fill(asked.isoformat())
        form.locator("textarea[name=reason]").fill("汛期无法施工")

    township.goto(hazard.get_absolute_url())
    act(township.page, "extend", request, "已提交延期申请，待审批")

    # The county committee decides a major hazard's extension: first it refuses, with its reason.
    county = session_factory()
    county.login("county")
    open_notice(
        county, f"申请将重大隐患“尾矿库排洪设施损坏”（列东街道）的整改期限由 {old:%Y-%m-%d} 延至 {asked:%Y-%m-%d}"
    )

    def refuse(form):
        assert "理由：汛期无法施工" in form.locator(".action-intro").inner_text()
        form.locator("select[name=decision]").select_option("refuse")
        form.locator("textarea[name=reason]").fill("可搭设临时排洪")

    act(county.page, "decide", refuse, "已审批延期申请")
    hazard.refresh_from_db()
    assert hazard.deadline == old
    notices(township, f"延期至 {asked:%Y-%m-%d} 的申请不予批准（county（三元区））：可搭设临时排洪")

    # Asked again, it approves: the deadline moves.
    township.goto(hazard.get_absolute_url())
    act(township.page, "extend", request, "已提交延期申请，待审批")
    county.goto(hazard.get_absolute_url())
    act(county.page, "decide", lambda form: form.locator("select[name=decision]").select_option("approve"), "已审批")
    hazard.refresh_from_db()
    assert hazard.deadline == asked
    notices(township, f"延期申请已批准，整改期限由 {old:%Y-%m-%d} 延至 {asked:%Y-%m-%d}")

    page = township.page
    township.goto(hazard.get_absolute_url())
    records = page.locator(".card", has=page.locator(".card-header", has_text="延期记录")).inner_text()
    assert "已批准" in records and "不予批准" in records and "county · 三元区" in records
    history = page.locator(".card", has=page.locator(".card-header", has_text="变更记录")).inner_text()
    assert f"county · 三元区 · 修改（批准延期：整改期限由 {old:%Y-%m-%d} 延至 {asked:%Y-%m-%d}）" in history
    assert f"county · 三元区 · 修改（不予批准延期至 {asked:%Y-%m-%d}：可搭设临时排洪）" in history
    assert f"township_a · 列东街道 · 修改（申请延期：整改期限由 {old:%Y-%m-%d}" in history
