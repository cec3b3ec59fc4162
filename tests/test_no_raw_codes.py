"""No page an official opens shows a stored choice value ("fire_safety"), a raw period ("2026H2") or English."""

import re
from html.parser import HTMLParser

import pytest
from django.urls import NoReverseMatch, reverse

from base.choices import ChoiceSet
from base.registry import registrations
from grid.tests.factories import EnterpriseFactory, GridFactory, GridSupervisorFactory
from hazards.tests.factories import HazardFactory, RiskPointFactory, SupervisionItemFactory
from inspections.models import InspectionFinding, SelfCheckReport
from inspections.tests.factories import make_campaign, make_inspection, make_team

ENGLISH = re.compile(r"\b(descending|ascending|None|True|False|Page|of)\b")
PERIOD = re.compile(r"\b20\d\dH[12]\b")
USERS = ["user_a", "user_county", "user_city", "user_department", "user_leader", "user_supervisor"]
BESPOKE = [
    "dashboard",
    "hazards:risk_map",
    "hazards:my_assignments",
    "grid:grid_overview",
    "grid:grassroots",
    "grid:seven_ones_item_table",
    "grid:region_list",
    "bulletin_list",
    "notification_list",
]


def choice_sets(root=ChoiceSet):
    for subclass in root.__subclasses__():
        yield subclass
        yield from choice_sets(subclass)


def raw_values() -> set[str]:
    """Stored values that read as codes, not words a page could hold for another reason."""
    values = {str(value) for choice_set in choice_sets() for value in choice_set.values}
    return {value for value in values if re.fullmatch(r"[A-Za-z_]+", value) and ("_" in value or len(value) >= 4)}


class VisibleText(HTMLParser):
    """The text a reader sees: no tags, attribute values, scripts or styles."""

    def __init__(self):
        super().__init__()
        self.parts, self.hidden = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template"):
            self.hidden += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template"):
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def visible(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return " ".join(parser.parts)


def problems(text: str, values: set[str]) -> list[str]:
    words = set(re.findall(r"[A-Za-z_]+", text))
    found = sorted(words & values)
    found += sorted(set(ENGLISH.findall(text)))
    found += sorted(set(PERIOD.findall(text)))
    return found


@pytest.fixture
def rows(cast):
    """A few rows of the main models in township A, each edited once so its history has a change."""
    enterprise = EnterpriseFactory(region=cast.township_a, supervised_by="emergency")
    grid = GridFactory(region=cast.township_a, enterprises=[enterprise])
    supervisor = GridSupervisorFactory(region=cast.township_a, level="chief", grids=[grid])
    supervisor.official = cast.user_supervisor.official
    supervisor.save()
    hazard = HazardFactory(region=cast.township_a, enterprise=enterprise)
    point = RiskPointFactory(region=cast.township_a, enterprise=enterprise)
    SupervisionItemFactory(region=cast.county)
    campaign = make_campaign(cast.city)
    team = make_team(cast.township_a, campaign=campaign, department=enterprise.department)
    failed = make_inspection(cast.township_a, team=team, enterprise=enterprise, result="failed")
    InspectionFinding.objects.create(inspection=failed, description="安全出口堵塞", hazard=hazard)
    make_inspection(cast.township_a, team=team, enterprise=enterprise, previous=failed)
    SelfCheckReport.objects.create(
        campaign=campaign, enterprise=enterprise, checked_on=campaign.starts_on, items_checked=12
    )
    for obj, name, value in [
        (enterprise, "risk_grade", "orange"),
        (hazard, "industry", "construction"),
        (point, "kind", "crowded_place"),
    ]:
        setattr(obj, name, value)
        obj.save()
    return enterprise


def pages(user) -> list[str]:
    urls = []
    for name in BESPOKE:
        try:
            urls.append(reverse(name))
        except NoReverseMatch:
            continue
    for registration in registrations():
        if "list" not in registration.pages:
            continue
        urls.append(reverse(registration.url_name("list")))
        row = registration.base_queryset(user).for_user(user).first()
        if row is not None and "detail" in registration.pages:
            urls.append(reverse(registration.url_name("detail"), args=[row.pk]))
    return urls


@pytest.mark.parametrize("who", USERS)
def test_no_page_shows_a_raw_code_or_english(cast, rows, client, who):
    user = getattr(cast, who)
    client.force_login(user)
    # The cast's login names ("county", "leader") are names here, not codes.
    values = raw_values() - {u.username for u in cast.users.values()}
    found = {}
    for url in pages(user):
        response = client.get(url, follow=True)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        shown = problems(visible(response.content.decode()), values)
        if shown:
            found[url] = shown
    assert found == {}


def test_the_scan_finds_what_it_looks_for():
    assert problems(visible("<p>名称 (descending)</p><a title='fire_safety'>2026H2</a>"), {"fire_safety"}) == [
        "descending",
        "2026H2",
    ]
    assert problems(visible("<p>fire_safety</p><script>var x = None</script>"), {"fire_safety"}) == ["fire_safety"]
