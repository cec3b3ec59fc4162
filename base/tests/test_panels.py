"""Panels: another app's part on a page, rendered in order, left out when it has nothing to show."""

from django.test import RequestFactory

from base import panels
from grid.models import Region


def test_panels_render_in_order_and_a_none_context_leaves_one_out(monkeypatch, tmp_path, settings):
    monkeypatch.setattr(panels, "_panels", {})
    (tmp_path / "first.html").write_text("first:{{ object.name }}:{{ page }}")
    (tmp_path / "second.html").write_text("second")
    (tmp_path / "skipped.html").write_text("skipped")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}]
    panels.register_panel(Region, "side", "first.html")
    panels.register_panel(Region, "side", "skipped.html", context=lambda request, obj: None)
    panels.register_panel(Region, "side", "second.html", context=lambda request, obj: {})
    region = Region(name="三元区", code="350404")
    request = RequestFactory().get("/")
    assert panels.render_panels(request, region, "side", {"page": "p"}) == "first:三元区:psecond"
    assert panels.render_panels(request, region, "other", {}) == ""
