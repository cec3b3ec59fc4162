"""A grid supervisor's home page is their to-do list, and their pages link only to pages that open for them."""

import datetime
import re
from html import unescape

import pytest
from django.utils import timezone

from grid.models import GuideAcknowledgement, SupervisionGuide
from grid.services import guide_publish, visit_record
from hazards.tests.factories import HazardFactory, RiskPointFactory

from .factories import EnterpriseFactory, GridSupervisorFactory, link_login, supervised_enterprise


@pytest.fixture
def supervisor(cast):
    GridSupervisorFactory(region=cast.township_a, level="chief")
    cast.user_supervisor.official.name = "郑华"
    cast.user_supervisor.official.save()
    return link_login(GridSupervisorFactory(region=cast.township_a, name="郑华"), cast.user_supervisor)


@pytest.fixture
def work(cast, supervisor):
    """Two guides (one acknowledged), three enterprises of his grids (one visited this month), a finding."""
    today = timezone.localdate()
    guides = []
    for number, title in enumerate(["汛期安全生产督导要点", "国庆假期人员密集场所督导要点"], start=1):
        guide = SupervisionGuide.objects.create(
            region=cast.county, year=today.year, number=number, month=today.replace(day=1), title=title, content="…"
        )
        guide_publish(guide=guide, by=cast.user_county)
        guides.append(guide)
    GuideAcknowledgement.objects.filter(guide=guides[0]).update(acknowledged_at=timezone.now())
    visited = supervised_enterprise(supervisor, name="已督导化工有限公司")
    due = [
        supervised_enterprise(supervisor, name="待督导燃气有限公司", risk_grade="blue"),
        supervised_enterprise(supervisor, name="待督导机械有限公司", risk_grade="red"),
    ]
    visit_record(
        supervisor=supervisor,
        enterprise=visited,
        visited_on=today,
        items_checked=["ledger"],
        prompt_list_delivered=True,
        findings=["灭火器过期"],
        by=cast.user_supervisor,
    )
    # Last month's visit does not count for this month.
    visit_record(
        supervisor=supervisor,
        enterprise=due[0],
        visited_on=today.replace(day=1) - datetime.timedelta(days=2),
        items_checked=["ledger"],
        prompt_list_delivered=False,
        by=cast.user_supervisor,
    )
    EnterpriseFactory(region=cast.township_a, name="别的网格的单位有限公司")
    HazardFactory(region=cast.township_a, enterprise=due[1], title="配电箱防护缺失")
    return {"guides": guides, "visited": visited, "due": due}


def test_the_supervisor_home_page_starts_with_what_to_do(cast, work, login):
    html = login(cast.user_supervisor).get("/").content.decode()
    main = html[html.index("<main") :]
    button = main.index("填写督导记录")
    assert button < main.index("待签收的督导指南") < main.index("本月待督导单位")
    assert "国庆假期人员密集场所督导要点" in main  # not yet acknowledged
    assert "汛期安全生产督导要点" not in main  # acknowledged
    due = main[main.index("本月待督导单位") : main.index("我近三个月发现的问题")]
    assert due.index("待督导机械有限公司") < due.index("待督导燃气有限公司"), "the riskier unit first"
    assert "已督导化工有限公司" not in due
    assert "别的网格的单位有限公司" not in due
    assert f'href="/grid/visits/new/?enterprise={work["due"][1].pk}"' in due
    assert "灭火器过期" in main
    assert "配电箱防护缺失" in main
    # Not the committee's dashboard, and his name once (in the menu bar).
    assert "隐患排查治理与风险管控" not in html and "房长制与乡镇消防所" not in html
    assert html.count("郑华") == 1


def test_acknowledging_from_the_home_page_comes_back_to_it(cast, work, login):
    client = login(cast.user_supervisor)
    receipt = GuideAcknowledgement.objects.get(guide=work["guides"][1], supervisor__official__user=cast.user_supervisor)
    response = client.post(f"/grid/guide-receipts/{receipt.pk}/sign/", {"next": "/"})
    assert response.status_code == 302 and response["Location"] == "/"
    assert "国庆假期人员密集场所督导要点" not in client.get("/").content.decode()


def test_a_supervisor_login_without_a_supervisor_is_told_whom_to_ask(cast, login):
    html = login(cast.user_supervisor).get("/").content.decode()
    assert "尚未关联网格督导员" in html


def test_committees_keep_their_dashboard(cast, login):
    html = login(cast.user_a).get("/").content.decode()
    assert "网格督导员与督导" in html and "待签收的督导指南" not in html


LINK = re.compile(r'href="(/[^"#]*)"')


def test_every_link_on_the_supervisors_pages_opens(cast, supervisor, work, login):
    outside = EnterpriseFactory(region=cast.township_a, name="网格外的单位有限公司", industry="other")
    point = RiskPointFactory(region=cast.township_a, enterprise=outside)
    client = login(cast.user_supervisor)
    visit = work["visited"].supervision_visits.get()
    pages = [
        "/",
        "/grid/visits/",
        f"/grid/visits/{visit.pk}/",
        "/grid/guides/",
        f"/grid/guides/{work['guides'][1].pk}/",
        f"/hazards/risk-points/{point.pk}/",
    ]
    checked = set()
    for page in pages:
        html = client.get(page).content.decode()
        for href in {unescape(h) for h in LINK.findall(html)} - checked:
            if href.startswith(("/static/", "/accounts/logout")) or "export=" in href:
                continue
            checked.add(href)
            assert client.get(href, follow=True).status_code == 200, f"{page} links {href}"
    assert f"/grid/enterprises/{outside.pk}/" not in checked
    assert f"/grid/enterprises/{work['visited'].pk}/" in checked
    # The risk point still names the unit, without a link.
    assert "网格外的单位有限公司" in client.get(f"/hazards/risk-points/{point.pk}/").content.decode()
