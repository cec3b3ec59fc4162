"""How an app joins the desk and the e-map: figures by ``reports.desk_figures``, or its own panel by
``reports.dashboard(user, *, region, month)``, and layers by ``maps.LAYERS``; a missing app leaves its
mechanism saying so."""

import datetime
import types

from base.desk import Figure, Mechanism
from base.emap import MapLayer
from sanming_safety import desk
from sanming_safety.desk import desk_panels


def fake_reports(name: str, **functions) -> types.ModuleType:
    module = types.ModuleType(f"{name}.reports")
    module.__dict__.update(functions)
    return module


def test_an_app_with_its_own_panel_shows_it_in_its_mechanism(cast, monkeypatch):
    seen = {}

    def dashboard(user, *, region, month):
        seen.update(region=region, month=month)
        return {"enterprises": 7}

    monkeypatch.setattr(desk, "app_modules", lambda name: [fake_reports("inspections", dashboard=dashboard)])
    month = datetime.date(2026, 10, 1)
    panels = {panel["mechanism"]: panel for panel in desk_panels(cast.user_city, region=cast.county, month=month)}
    assert panels[Mechanism.THREE_MAINS]["includes"] == [
        {"template": "inspections/dashboard_panel.html", "data": {"enterprises": 7}}
    ]
    assert seen == {"region": cast.county, "month": month}


def test_an_app_whose_dashboard_takes_no_region_is_left_to_the_home_page(cast, monkeypatch):
    monkeypatch.setattr(desk, "app_modules", lambda name: [fake_reports("grid", dashboard=lambda user: {})])
    panels = desk_panels(cast.user_city, region=cast.city, month=datetime.date(2026, 10, 1))
    assert all(not panel["includes"] and not panel["figures"] for panel in panels)


def test_figures_go_to_the_panel_of_their_mechanism(cast, monkeypatch):
    figure = Figure(Mechanism.THREE_MAINS, "inspected", "在查企业", 5, "/inspections/?within=1")
    reports = fake_reports("inspections", desk_figures=lambda user, *, region, month: [figure])
    monkeypatch.setattr(desk, "app_modules", lambda name: [reports])
    panels = {p["mechanism"]: p for p in desk_panels(cast.user_city, region=cast.city, month=None)}
    assert panels[Mechanism.THREE_MAINS]["figures"] == [figure]


def three_mains_panel(html: str) -> str:
    panel = html[html.index('id="panel-three_mains"') :]
    return panel[: panel.index("</section>")]


def test_the_desk_says_when_a_mechanism_has_no_numbers_yet(cast, login, monkeypatch):
    import hazards.reports

    client = login(cast.user_city)
    assert "暂无数据" not in three_mains_panel(client.get("/desk/").content.decode())
    # Without the inspections app only the other mechanisms have numbers.
    monkeypatch.setattr(desk, "app_modules", lambda name: [hazards.reports])
    assert "暂无数据" in three_mains_panel(client.get("/desk/").content.decode())


def test_a_layer_registered_by_an_app_is_on_the_map_and_served(cast, login, monkeypatch):
    from base import emap

    layer = MapLayer(
        "inspection_enterprises",
        "本阶段在查企业",
        lambda user, region, public: [emap.point(117.6, 26.2, title="某企业", colour="#000")],
    )
    maps = types.ModuleType("inspections.maps")
    maps.LAYERS = [layer]
    monkeypatch.setattr(emap, "app_modules", lambda name: [maps])
    client = login(cast.user_city)
    html = client.get("/desk/map/").content.decode()
    assert 'data-layer="inspection_enterprises"' in html
    assert "大检查在查企业：暂无数据" not in html
    features = client.get("/desk/map/layers/inspection_enterprises.geojson").json()["features"]
    assert features[0]["properties"]["title"] == "某企业"
