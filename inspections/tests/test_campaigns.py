"""A campaign and its four phases on one form; its page shows the phase it is in and how far it has got."""

import datetime

from django.urls import reverse

from ..models import Campaign
from .factories import make_campaign, make_inspection, make_team

DAY = datetime.timedelta(days=1)


def campaign_form(cast, **phases) -> dict:
    start = datetime.date(2026, 3, 1)
    data = {
        "name": "2026年安全生产大检查",
        "year": 2026,
        "region": cast.county.pk,
        "document_number": "明安委〔2026〕12号",
        "starts_on": start,
        "ends_on": start + 90 * DAY,
    }
    dates = {
        "self_check": (start, start + 14 * DAY),
        "department": (start + 15 * DAY, start + 44 * DAY),
        "local": (start + 45 * DAY, start + 74 * DAY),
        "lockdown": (start + 75 * DAY, start + 90 * DAY),
        **phases,
    }
    for kind, (begin, end) in dates.items():
        data.update({f"{kind}_starts_on": begin, f"{kind}_ends_on": end})
    return data


def test_a_campaign_is_created_with_its_four_phases(cast, login):
    client = login(cast.user_county)
    response = client.post(reverse("inspections:campaign_create"), campaign_form(cast))
    campaign = Campaign.objects.get()
    assert response.url == campaign.get_absolute_url()
    assert [(p.kind, p.starts_on) for p in campaign.phases.all()] == [
        ("self_check", datetime.date(2026, 3, 1)),
        ("department", datetime.date(2026, 3, 16)),
        ("local", datetime.date(2026, 4, 15)),
        ("lockdown", datetime.date(2026, 5, 15)),
    ]
    assert campaign.phase_on(datetime.date(2026, 4, 20)).get_kind_display() == "属地政府督查"
    assert campaign.phase_on(datetime.date(2026, 8, 1)) is None


def test_overlapping_phases_are_refused_naming_both(cast, login):
    start = datetime.date(2026, 3, 1)
    data = campaign_form(cast, department=(start + 10 * DAY, start + 44 * DAY))
    response = login(cast.user_county).post(reverse("inspections:campaign_create"), data)
    assert response.context["form"].errors == {
        "department_starts_on": ["行业检查与企业自查的日期重叠，各阶段日期不能交叉。"]
    }
    assert not Campaign.objects.exists()


def test_the_campaign_page_shows_its_current_phase_and_its_progress(cast, login):
    campaign = make_campaign(cast.city)
    team = make_team(cast.township_a, campaign=campaign)
    failed = make_inspection(cast.township_a, team=team, result="failed")
    make_inspection(cast.township_a, team=team)
    response = login(cast.user_a).get(campaign.get_absolute_url())
    page = response.content.decode()
    local = campaign.phases.get(kind="local")
    assert f"当前阶段：<strong>属地政府督查</strong>（{local.starts_on:%Y-%m-%d} 至 {local.ends_on:%Y-%m-%d}）" in page
    assert response.context["numbers"] == {"inspections": 2, "enterprises": 2, "failed": 1, "reinspections": 0}
    assert response.context["still_open"] == 1
    make_inspection(cast.township_a, team=team, enterprise=failed.enterprise, previous=failed)
    assert login(cast.user_a).get(campaign.get_absolute_url()).context["still_open"] == 0
    listed = login(cast.user_a).get(reverse("inspections:campaign_list")).content.decode()
    assert "属地政府督查" in listed  # the list's 当前阶段 column
