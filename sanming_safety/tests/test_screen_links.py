"""大屏链接: committee staff create and revoke a read-only link; the screen opens without login, shows only its
region's aggregates, never personal data, and stops the moment the link is revoked."""

import datetime
import json

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from grid.tests.factories import EnterpriseFactory
from hazards.models import period_of
from hazards.tests.factories import HazardFactory, RiskPointFactory
from inspections.tests.desk_world import campaign_world
from sanming_safety.models import ScreenLink


@pytest.fixture(autouse=True)
def own_cache(settings):
    """Failed guesses are counted in a cache of the module's own, empty at each test."""
    from django.core.cache import cache

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "screen"}}
    cache.clear()


@pytest.fixture
def world(cast):
    today = timezone.localdate()
    for township in (cast.township_a, cast.other_township):
        enterprise = EnterpriseFactory(region=township, longitude=117.6, latitude=26.2)
        HazardFactory(region=township, enterprise=enterprise, grade="major", responsible_person="张保密")
        HazardFactory(region=township, deadline=today - datetime.timedelta(days=2))
        RiskPointFactory(region=township, grade="red", period=period_of(today), responsible_person="李保密")


def make_link(cast, region=None, user=None) -> ScreenLink:
    region, user = region or cast.county, user or cast.user_county
    return ScreenLink.objects.create(title="会议室大屏", region=region, created_by=user)


def test_committee_staff_create_a_link_for_a_region_of_theirs(cast, login):
    client = login(cast.user_county)
    response = client.post("/desk/screens/", {"title": "县安委办会议室", "region": cast.county.pk})
    assert response.status_code == 302
    link = ScreenLink.objects.get()
    assert (link.region, link.created_by, link.revoked_at) == (cast.county, cast.user_county, None)
    assert len(link.token) >= 60
    html = client.get("/desk/screens/").content.decode()
    assert f"/screen/{link.token}/" in html
    assert link.history.count() == 1


def test_a_link_for_another_county_is_refused_and_nothing_is_made(cast, login):
    response = login(cast.user_county).post("/desk/screens/", {"title": "越权", "region": cast.other_county.pk})
    assert response.status_code == 400
    assert "区域" in response.content.decode()
    assert not ScreenLink.objects.exists()


@pytest.mark.parametrize("who", ["user_a", "user_department", "user_leader"])
def test_only_committee_staff_create_links(cast, login, who):
    response = login(getattr(cast, who)).post("/desk/screens/", {"title": "x", "region": cast.township_a.pk})
    assert response.status_code == 403
    assert not ScreenLink.objects.exists()


def test_the_screen_opens_without_login_and_shows_only_its_regions_numbers(cast, world, client):
    link = make_link(cast)
    response = client.get(f"/screen/{link.token}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "三元区安全生产综合态势" in html
    assert 'name="password"' not in html
    data = client.get(f"/screen/{link.token}/data.json").json()
    values = {figure["slug"]: figure["value"] for figure in data["figures"]}
    # Township A's hazards only: the other county's are not the county's screen's.
    assert values["hazards_open"] == 2
    assert values["hazards_overdue"] == 1
    assert values["major_open"] == 1
    assert data["ranking"][0]["name"] == cast.township_a.name
    assert all("url" not in json.dumps(figure) for figure in data["figures"])


def test_the_screen_and_its_map_never_show_personal_data_or_links(cast, world, client):
    link = make_link(cast)
    texts = [client.get(f"/screen/{link.token}/").content.decode()]
    texts.append(client.get(f"/screen/{link.token}/data.json").content.decode())
    for key in ("risk_points", "major_hazards", "fire_stations", "warning_classes"):
        response = client.get(f"/screen/{link.token}/layers/{key}.geojson")
        assert response.status_code == 200
        texts.append(json.dumps(response.json(), ensure_ascii=False))
        for feature in response.json()["features"]:
            assert "url" not in feature["properties"]
    assert json.loads(texts[-3])["features"], "the county's major hazard is on the screen's map"
    for text in texts:
        assert "张保密" not in text and "李保密" not in text
        assert "/hazards/" not in text


def test_a_revoked_link_stops_at_once_with_a_chinese_message(cast, world, client, login):
    link = make_link(cast)
    assert client.get(f"/screen/{link.token}/").status_code == 200
    login(cast.user_county).post(f"/desk/screens/{link.pk}/revoke/")
    link.refresh_from_db()
    assert link.revoked_at is not None and link.revoked_by == cast.user_county
    client.logout()
    response = client.get(f"/screen/{link.token}/")
    assert response.status_code == 410
    assert "该大屏链接已被撤销" in response.content.decode()
    assert client.get(f"/screen/{link.token}/data.json").status_code == 410
    assert client.get(f"/screen/{link.token}/layers/risk_points.geojson").status_code == 410


def test_another_countys_staff_cannot_revoke(cast, login):
    link = make_link(cast)
    assert login(cast.user_other_county).post(f"/desk/screens/{link.pk}/revoke/").status_code == 404
    link.refresh_from_db()
    assert link.revoked_at is None


def test_a_link_stops_when_its_creator_leaves(cast, client):
    link = make_link(cast)
    get_user_model().objects.filter(pk=cast.user_county.pk).update(is_active=False)
    assert client.get(f"/screen/{link.token}/").status_code == 410


def test_unknown_tokens_are_not_found_and_guessing_is_stopped(cast, client):
    make_link(cast)
    for attempt in range(30):
        assert client.get(f"/screen/guess{attempt}/").status_code == 404
    assert client.get("/screen/guess-more/").status_code == 429


def test_the_screen_lists_its_numbers_mechanism_by_mechanism(cast, world, client):
    link = make_link(cast)
    mechanisms = [figure["mechanism"] for figure in client.get(f"/screen/{link.token}/data.json").json()["figures"]]
    assert mechanisms[0] == "three_always"
    assert mechanisms == sorted(mechanisms, key=["three_always", "one_member", "three_mains", "one_map"].index)


@pytest.mark.parametrize("size", [1, 3])
def test_the_screens_data_takes_a_bounded_number_of_queries(cast, client, django_assert_max_num_queries, size):
    for _ in range(size):
        HazardFactory(region=cast.township_a)
        RiskPointFactory(region=cast.township_b, period=period_of(timezone.localdate()))
    campaign_world(cast.city, [cast.township_a, cast.other_township] * size)
    link = make_link(cast, region=cast.city, user=cast.user_city)
    # 三为主三明确 adds five: the month's inspections, their hazards, the running campaign, its duties, its units.
    with django_assert_max_num_queries(21):
        assert client.get(f"/screen/{link.token}/data.json").status_code == 200
