"""The site in a real browser: headless Chromium (Debian's, at /usr/bin/chromium)
driven by Playwright against the live server, with no network beyond it.

Each test logs in through the real login form. Every request a page makes is
recorded and must go to the live server: pages work on an intranet with no CDN.
"""

import os
from urllib.parse import urlparse

import pytest
from django.db import connections

# Playwright's sync API runs an event loop in this thread; Django refuses ORM
# calls from a thread with a running loop unless told that is intended.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

from grid.demo import credit_code, resident_id
from grid.models import Enterprise
from grid.tests.factories import EnterpriseFactory

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
# Schemes that never leave the page (inline SVG icons in CSS, generated files).
LOCAL_SCHEMES = {"data", "blob", "about"}

# The live server needs committed data; the cast fixture restores the regions
# the migrations load, which a transactional flush removes.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module")
def browser(live_server):
    """One Chromium for the module (starting it takes seconds), started after
    the database is set up; each test gets fresh contexts (no shared cookies).

    While Playwright runs, its event loop makes Django keep database
    connections per context instead of per thread: the tests' ORM calls and
    the flushes between tests get connections of their own, closed here.
    """
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
    finally:
        connections.close_all()
        playwright.stop()


class Session:
    """A browser context on the live server that records what its pages fetch."""

    def __init__(self, browser, live_server, viewport):
        self.base = live_server.url
        self.host = urlparse(live_server.url).netloc
        self.context = browser.new_context(viewport=viewport, locale="zh-CN", timezone_id="Asia/Shanghai")
        self.context.set_default_timeout(15_000)
        self.requests, self.failures, self.errors = [], [], []
        self.context.on("request", lambda request: self.requests.append(request.url))
        self.context.on("response", self._response)
        self.page = self.context.new_page()
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("console", self._console)

    def _console(self, message):
        # A script or style the Content-Security-Policy blocked shows only on the console.
        if message.type == "error" and "Content Security Policy" in message.text:
            self.errors.append(message.text)

    def _response(self, response):
        # Browsers ask for /favicon.ico on pages without an icon (Swagger UI).
        if response.status >= 400 and urlparse(response.url).path != "/favicon.ico":
            self.failures.append(f"{response.status} {response.url}")

    def goto(self, path):
        return self.page.goto(self.base + path)

    def login(self, username, password="pw"):
        self.goto("/accounts/login/")
        self.page.fill("#id_username", username)
        self.page.fill("#id_password", password)
        with self.page.expect_navigation():
            self.page.click("main button[type=submit]")

    def foreign_requests(self):
        addresses = [urlparse(url) for url in self.requests]
        return [a.geturl() for a in addresses if a.scheme not in LOCAL_SCHEMES and a.netloc != self.host]

    def fits_width(self):
        return self.page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.fixture
def session_factory(browser, live_server):
    sessions = []

    def make(viewport=DESKTOP):
        session = Session(browser, live_server, viewport)
        sessions.append(session)
        return session

    yield make
    for session in sessions:
        try:
            assert session.requests, "the page made no requests"
            assert session.foreign_requests() == [], "requests left the server"
            assert session.failures == [], "requests failed"
            assert session.errors == [], "JavaScript errors"
        finally:
            session.context.close()


@pytest.fixture
def enterprises(cast):
    own = EnterpriseFactory.create_batch(2, region=cast.township_a)
    other = EnterpriseFactory(region=cast.township_b, name="邻镇的企业有限公司")
    return own, other


def test_township_official_logs_in_and_browses_dashboard_list_and_detail(cast, enterprises, session_factory):
    own, other = enterprises
    session = session_factory()
    page = session.page

    session.login("township_a", password="wrong")
    assert urlparse(page.url).path == "/accounts/login/"
    assert "用户名或密码不正确" in page.locator(".alert-danger").inner_text()

    session.login("township_a")
    assert page.url == session.base + "/"
    assert page.locator("h1").inner_text().startswith("工作台")
    assert cast.township_a.name in page.locator("nav").inner_text()
    # The navigation is expanded on a desktop: no toggler.
    assert page.locator(".navbar-toggler").is_hidden()
    assert page.locator("#nav a", has_text="生产经营单位").is_visible()

    page.locator("#nav a", has_text="生产经营单位").click()
    page.wait_for_load_state()
    assert urlparse(page.url).path == "/grid/enterprises/"
    table = page.locator("main table").inner_text()
    for enterprise in own:
        assert enterprise.name in table
        assert enterprise.credit_code in table
    assert other.name not in table, "another township's enterprise is listed"
    assert "共 2 条" in page.locator("main .card-header").first.inner_text()

    page.locator("main table a", has_text=own[0].name).click()
    page.wait_for_load_state()
    assert urlparse(page.url).path == f"/grid/enterprises/{own[0].pk}/"
    assert page.locator("h1").inner_text() == str(own[0])
    assert own[0].credit_code in page.locator("main").inner_text()
    assert page.locator(".card-header", has_text="变更记录").is_visible()

    # Another township's record is not there for this user.
    response = session.goto(f"/grid/enterprises/{other.pk}/")
    assert response.status == 404
    assert "不在您的管辖范围内" in page.locator("main").inner_text()
    session.failures.clear()


def test_enterprise_form_shows_the_error_at_the_field_then_saves(cast, session_factory):
    session = session_factory()
    page = session.page
    session.login("township_a")

    session.goto("/grid/enterprises/")
    page.locator("main a.btn", has_text="新建").click()
    page.wait_for_load_state()
    assert urlparse(page.url).path == "/grid/enterprises/new/"
    assert page.locator("h1").inner_text() == "新建生产经营单位"

    valid_code = credit_code("350404", 424242)
    page.fill("#id_name", "三明浏览器测试机械有限公司")
    page.fill("#id_credit_code", valid_code[:-1] + ("0" if valid_code[-1] != "0" else "1"))
    page.select_option("#id_industry", "industrial_trade")
    page.select_option("#id_region", str(cast.township_a.pk))
    page.fill("#id_address", "列东街道测试路1号")
    page.fill("#id_principal_name", "王五")
    page.fill("#id_principal_id_number", resident_id("350403", 4242))
    page.fill("#id_principal_phone", "13905981234")
    with page.expect_navigation():
        page.click("main button[type=submit]")
    page.wait_for_load_state()

    assert urlparse(page.url).path == "/grid/enterprises/new/"
    field = page.locator("#id_credit_code")
    assert field.get_attribute("aria-invalid") == "true"
    column = page.locator("form .row > div", has=field)
    assert column.locator(".invalid-feedback").inner_text() == "统一社会信用代码校验位错误，请核对。"
    assert column.locator(".invalid-feedback").is_visible()
    summary = page.locator("main .alert-danger")
    assert summary.locator("a").all_inner_texts() == ["统一社会信用代码"]
    assert summary.locator("a").get_attribute("href") == "#id_credit_code"
    # Only that field is wrong, and what was typed is kept.
    assert page.locator(".invalid-feedback").count() == 1
    assert page.locator("#id_name").input_value() == "三明浏览器测试机械有限公司"
    assert not Enterprise.objects.filter(name="三明浏览器测试机械有限公司").exists()

    page.fill("#id_credit_code", valid_code)
    with page.expect_navigation():
        page.click("main button[type=submit]")
    page.wait_for_load_state()

    enterprise = Enterprise.objects.get(credit_code=valid_code)
    assert enterprise.region == cast.township_a
    assert urlparse(page.url).path == f"/grid/enterprises/{enterprise.pk}/"
    assert "已保存" in page.locator(".alert-success").inner_text()
    assert page.locator("h1").inner_text() == str(enterprise)
    history = page.locator(".card", has=page.locator(".card-header", has_text="变更记录"))
    entry = history.locator(".list-group-item").first
    assert "township_a · 列东街道 · 新建" in entry.inner_text()
    assert f"统一社会信用代码：{valid_code}" in entry.inner_text()


def test_phone_layout_has_a_menu_button_and_no_sideways_scrolling(cast, enterprises, session_factory):
    session = session_factory(PHONE)
    page = session.page

    session.goto("/accounts/login/")
    assert session.fits_width(), "login page is wider than the phone"
    session.login("township_a")

    for path in ["/", "/grid/enterprises/", f"/grid/enterprises/{enterprises[0][0].pk}/", "/grid/enterprises/new/"]:
        session.goto(path)
        assert session.fits_width(), f"{path} is wider than the phone"
        for table in page.locator("main table").all():
            assert table.evaluate("t => t.closest('.table-responsive') !== null"), f"a table on {path} can't scroll"

    # The filters fold away behind a button, so the list shows first.
    session.goto("/grid/enterprises/")
    filters = page.locator("form#filters")
    assert filters.is_hidden()
    page.locator("main button", has_text="筛选").click()
    filters.wait_for(state="visible")
    assert session.fits_width()

    toggler = page.locator(".navbar-toggler")
    assert toggler.is_visible()
    link = page.locator("#nav a", has_text="生产经营单位")
    assert link.is_hidden()
    toggler.click()
    link.wait_for(state="visible")
    link.click()
    page.wait_for_load_state()
    assert urlparse(page.url).path == "/grid/enterprises/"


def test_swagger_ui_renders_from_the_server_itself(cast, session_factory):
    session = session_factory()
    page = session.page
    session.login("city")

    session.goto("/api/docs/")
    page.wait_for_selector(".swagger-ui .info .title")
    assert "三明市安全生产监管平台" in page.locator(".swagger-ui .info .title").inner_text()
    # The schema of every operation is generated on request: seconds on a loaded machine. Swagger UI then
    # draws the operations as they scroll into view: scroll until the enterprises' list is drawn.
    page.wait_for_selector(".opblock-summary-path", timeout=90_000)
    operation = page.locator(".opblock-summary-path[data-path='/api/v1/grid/enterprises/']").first
    for _ in range(60):
        if operation.count():
            break
        page.mouse.wheel(0, 800)
        page.wait_for_timeout(100)
    operation.wait_for(state="visible")
    assets = [url for url in session.requests if url.endswith((".js", ".css"))]
    assert assets and all(urlparse(url).path.startswith("/static/") for url in assets)


def test_the_risk_map_and_the_dashboard_charts_run_under_the_content_security_policy(cast, session_factory):
    from hazards.tests.factories import HazardFactory, RiskPointFactory

    RiskPointFactory.create_batch(3, region=cast.township_a)
    HazardFactory(region=cast.township_a)
    session = session_factory()
    page = session.page
    session.login("city")
    page.wait_for_selector("#hazard-colour-chart canvas")
    page.wait_for_selector("#dashboard-map .leaflet-interactive")

    session.goto("/hazards/map/")
    page.locator("#risk-count", has_text="共 3 个风险点").wait_for()
    page.locator("#show-hazards").check()
    page.wait_for_selector("#risk-map .leaflet-marker-icon")


def test_a_grid_supervisor_opens_a_phone_sized_to_do_list_and_records_a_visit(cast, session_factory):
    from django.utils import timezone

    from grid.models import SupervisionGuide
    from grid.services import guide_publish
    from grid.tests.factories import GridSupervisorFactory, link_login, supervised_enterprise

    GridSupervisorFactory(region=cast.township_a, level="chief")
    supervisor = link_login(GridSupervisorFactory(region=cast.township_a), cast.user_supervisor)
    enterprise = supervised_enterprise(supervisor, name="待督导机械有限公司")
    today = timezone.localdate()
    guide = SupervisionGuide.objects.create(
        region=cast.county, year=today.year, number=1, month=today.replace(day=1), title="冬季消防督导要点", content="…"
    )
    guide_publish(guide=guide, by=cast.user_county)

    session = session_factory(PHONE)
    page = session.page
    session.login("supervisor")
    assert session.fits_width()
    # The page is a to-do list, not the committee's long dashboard.
    assert page.evaluate("document.documentElement.scrollHeight") < 1600
    first = page.locator("main a.btn").first
    assert first.inner_text() == "填写督导记录" and first.is_visible()
    assert page.locator("#to-acknowledge", has_text="冬季消防督导要点").is_visible()
    with page.expect_navigation():
        page.locator("#to-acknowledge button", has_text="签收").click()
    assert urlparse(page.url).path == "/"
    assert "指南都已签收" in page.locator("#to-acknowledge").inner_text()

    with page.expect_navigation():
        page.locator("#due-visits a.btn", has_text="督导").click()
    assert page.locator("#id_enterprise").input_value() == str(enterprise.pk)
    page.locator("label.check-item", has_text="安全台账").first.click()
    with page.expect_navigation():
        page.click("main button[type=submit]")
    assert "督导记录已保存" in page.locator(".alert-success").inner_text()
    assert enterprise.supervision_visits.get().visited_on == today
    session.goto("/")
    assert "本月负责的单位都已督导" in page.locator("#due-visits").inner_text()


def test_the_map_without_tiles_names_places_shows_a_scale_and_colours_clusters_by_their_worst(cast, session_factory):
    from decimal import Decimal

    from hazards.tests.factories import RiskPointFactory

    EnterpriseFactory(region=cast.township_a, longitude=Decimal("117.61"), latitude=Decimal("26.23"))
    for grade in ("blue", "blue", "red"):
        RiskPointFactory(region=cast.township_a, grade=grade, longitude=117.612, latitude=26.231)
    RiskPointFactory(region=cast.township_b, grade="yellow", longitude=117.9, latitude=26.6)
    RiskPointFactory(region=cast.township_b, grade="blue", longitude=117.901, latitude=26.601)
    session = session_factory()
    page = session.page
    session.login("city")
    session.goto("/hazards/map/")
    page.locator("#risk-count", has_text="共 5 个风险点").wait_for()
    assert page.locator(".map-label-county", has_text="三元区").is_visible()
    assert page.locator(".leaflet-control-scale-line").is_visible()
    page.wait_for_selector(".risk-cluster")
    colours = {
        cluster.inner_text(): cluster.evaluate("c => getComputedStyle(c.firstElementChild).backgroundColor")
        for cluster in page.locator(".risk-cluster").all()
    }
    assert colours == {"3": "rgb(220, 53, 69)", "2": "rgb(255, 193, 7)"}, colours
