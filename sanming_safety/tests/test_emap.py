"""电子一张图 of every layer: each layer scoped like every page, names at the centre of the enterprises,
the operator's boundaries served by the project, a click opening the record."""

import datetime
import json

import pytest
from django.utils import timezone

from grid.models import FireStation
from grid.tests.factories import EnterpriseFactory
from hazards.models import LeaderAssignment, period_of
from hazards.tests.factories import HazardFactory, RiskPointFactory
from inspections.tests.desk_world import campaign_world
from sanming_safety.models import ScreenLink
from tests.fixtures import make_official
from training.tests.factories import WarningClassFactory

LAYERS = ["risk_points", "major_hazards", "fire_stations", "warning_classes", "inspection_units"]


@pytest.fixture
def world(cast):
    """One row of every layer in township A, township B and another county's township; a class per county."""
    today = timezone.localdate()
    leader = make_official("leader_li", cast.city, "leader", post="副市长").official
    for offset, township in enumerate((cast.township_a, cast.township_b, cast.other_township)):
        enterprise = EnterpriseFactory(region=township, longitude=117.6 + offset / 10, latitude=26.2 + offset / 10)
        RiskPointFactory(region=township, name=f"{township.name}风险点", grade="red", period=period_of(today))
        hazard = HazardFactory(region=township, enterprise=enterprise, grade="major", title=f"{township.name}重大隐患")
        LeaderAssignment.objects.create(
            hazard=hazard,
            leader=leader,
            round=today.year,
            assigned_on=today,
            target_date=today + datetime.timedelta(days=30),
        )
        FireStation.objects.create(region=township, name=f"{township.name}消防所", established_on=today)
    WarningClassFactory(region=cast.county, title="三元区警示教育班")
    WarningClassFactory(region=cast.other_county, title="沙县区警示教育班")
    campaign_world(cast.city, [cast.township_a, cast.township_b, cast.other_township])


def layer(client, key, region=None):
    response = client.get(f"/desk/map/layers/{key}.geojson", {"region": region.pk} if region else {})
    assert response.status_code == 200
    return response.json()["features"]


@pytest.mark.parametrize("key", LAYERS)
def test_a_township_sees_only_its_own_rows_on_every_layer(cast, world, login, key):
    features = layer(login(cast.user_a), key)
    text = json.dumps(features, ensure_ascii=False)
    assert features, f"{key}: township A's row is missing"
    assert cast.township_b.name not in text and cast.other_township.name not in text
    assert "沙县区" not in text


@pytest.mark.parametrize("key", LAYERS)
def test_the_city_drilled_into_a_county_sees_that_county_only(cast, world, login, key):
    text = json.dumps(layer(login(cast.user_city), key, cast.county), ensure_ascii=False)
    assert cast.other_township.name not in text and "沙县区" not in text


def test_the_city_sees_every_countys_rows(cast, world, login):
    client = login(cast.user_city)
    assert len(layer(client, "risk_points")) == 3
    assert len(layer(client, "fire_stations")) == 3
    assert len(layer(client, "warning_classes")) == 2


def test_a_major_hazard_names_its_leader_and_a_click_opens_the_record(cast, world, login):
    client = login(cast.user_a)
    (feature,) = layer(client, "major_hazards")
    assert "挂包领导：leader_li" in feature["properties"]["detail"]
    page = client.get(feature["properties"]["url"])
    assert page.status_code == 200
    assert f"{cast.township_a.name}重大隐患" in page.content.decode()


def test_the_page_has_a_switch_and_a_legend_for_every_layer_and_names_the_areas(cast, world, login):
    html = login(cast.user_city).get("/desk/map/").content.decode()
    for key in LAYERS:
        assert f'data-layer="{key}"' in html
    for label in ("风险点", "重大隐患（未销号）", "乡镇消防所", "本季警示教育班", "重大风险"):
        assert label in html
    config = json.loads(html.split('id="emap-config" type="application/json">')[1].split("</script>")[0])
    names = {label["name"]: label["level"] for label in config["labels"]}
    assert names[cast.county.name] == "county" and names[cast.township_a.name] == "township"
    assert "大检查在查企业" in html and "暂无数据" not in html
    for state in ("未检查", "合格", "不合格待复查"):
        assert state in html


def test_boundaries_are_drawn_when_the_operator_supplies_them(cast, login, settings, tmp_path):
    client = login(cast.user_city)
    assert client.get("/desk/map/boundary.geojson").status_code == 404
    boundary = tmp_path / "sanming.geojson"
    boundary.write_text('{"type": "FeatureCollection", "features": []}')
    settings.RISK_MAP_BOUNDARY_FILE = str(boundary)
    assert '"boundary_url": "/desk/map/boundary.geojson"' in client.get("/desk/map/").content.decode()
    response = client.get("/desk/map/boundary.geojson")
    assert response.status_code == 200
    assert json.loads(b"".join(response.streaming_content)) == {"type": "FeatureCollection", "features": []}


def test_an_unknown_layer_is_not_found(cast, login):
    assert login(cast.user_city).get("/desk/map/layers/nothing.geojson").status_code == 404


@pytest.mark.parametrize("size", [1, 4])
def test_each_layer_takes_a_bounded_number_of_queries(cast, login, django_assert_max_num_queries, size):
    today = timezone.localdate()
    for _ in range(size):
        EnterpriseFactory(region=cast.township_a, longitude=117.6, latitude=26.2)
        RiskPointFactory(region=cast.township_a, period=period_of(today))
        HazardFactory(region=cast.township_a, grade="major")
        WarningClassFactory(region=cast.county)
    campaign_world(cast.city, [cast.township_a] * size)
    client = login(cast.user_city)
    # The inspection layer first finds the running campaign, its phase and its duties (the lists): three more.
    bounds = {"inspection_units": 7}
    for key in LAYERS:
        with django_assert_max_num_queries(bounds.get(key, 4)):
            client.get(f"/desk/map/layers/{key}.geojson")
    assert len(layer(client, "inspection_units")) == 4 * size


def states(features) -> dict[str, str]:
    return {feature["properties"]["title"]: feature["properties"]["state"] for feature in features}


def test_a_township_sees_its_own_units_under_inspection_coloured_by_state(cast, world, login):
    client = login(cast.user_a)
    features = layer(client, "inspection_units")
    town = cast.township_a.name
    assert states(features) == {
        f"{town}合格公司": "合格",
        f"{town}待复查公司": "不合格待复查",
        f"{town}已复查公司": "合格",
        f"{town}未检查公司": "未检查",
    }
    colours = {feature["properties"]["state"]: feature["properties"]["colour"] for feature in features}
    assert colours == {"合格": "#198754", "不合格待复查": "#dc3545", "未检查": "#6c757d"}
    failed = next(feature for feature in features if feature["properties"]["state"] == "不合格待复查")
    assert "属地政府督查" in failed["properties"]["detail"]
    page = client.get(failed["properties"]["url"])
    assert page.status_code == 200 and f"{town}待复查公司" in page.content.decode()


def test_the_city_drilled_into_a_county_sees_that_countys_units_only(cast, world, login):
    features = layer(login(cast.user_city), "inspection_units", cast.county)
    titles = [feature["properties"]["title"] for feature in features]
    assert all(title.startswith((cast.township_a.name, cast.township_b.name)) for title in titles)
    assert len(features) == 8
    assert len(layer(login(cast.user_city), "inspection_units")) == 12


def test_the_big_screens_inspection_layer_names_no_unit_and_links_nowhere(cast, world, client):
    link = ScreenLink.objects.create(title="会议室大屏", region=cast.county, created_by=cast.user_county)
    response = client.get(f"/screen/{link.token}/layers/inspection_units.geojson")
    features = response.json()["features"]
    assert len(features) == 8
    text = json.dumps(features, ensure_ascii=False)
    assert "公司" not in text and "url" not in text and "应急管理局" not in text
    assert sorted(feature["properties"]["title"] for feature in features) == sorted(
        ["合格", "不合格待复查", "合格", "未检查"] * 2
    )
