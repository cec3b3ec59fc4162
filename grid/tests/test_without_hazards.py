"""Grid needs nothing of hazards: no import, no hazards URL in its templates, its visit page without the panel."""

import datetime
import pathlib

from django.urls import reverse

from base import panels
from grid.services import visit_record

from .factories import GridSupervisorFactory, supervised_enterprise

GRID = pathlib.Path(__file__).resolve().parent.parent


def test_grid_code_and_templates_name_nothing_of_hazards():
    sources = [p for p in GRID.rglob("*.py") if "tests" not in p.parts and "migrations" not in p.parts]
    assert not [p for p in sources if "import hazards" in p.read_text() or "from hazards" in p.read_text()]
    assert not [p for p in GRID.rglob("*.html") if "hazards:" in p.read_text()]


def test_the_visit_page_renders_without_the_hazards_panel(cast, login, monkeypatch):
    monkeypatch.setattr(panels, "_panels", {})
    supervisor = GridSupervisorFactory(region=cast.township_a)
    visit = visit_record(
        supervisor=supervisor,
        enterprise=supervised_enterprise(supervisor),
        visited_on=datetime.date(2026, 11, 20),
        items_checked=[],
        prompt_list_delivered=True,
        findings=["消防通道被占用"],
        by=None,
    )
    page = login(cast.user_a).get(reverse("grid:supervision_visit_detail", args=[visit.pk])).content.decode()
    assert "消防通道被占用" in page and "登记为隐患" not in page
