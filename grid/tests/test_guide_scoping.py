"""The jurisdiction contract for the monthly guides (published downwards) and their receipts."""

import datetime

from django.urls import reverse
from django.utils import timezone

from grid.models import GuideAcknowledgement, SupervisionGuide, next_guide_number
from tests.scoping import (
    CountyRows,
    ScopedApi,
    ScopedApiWrites,
    ScopedEdit,
    ScopedExport,
    ScopedList,
    ScopedPages,
    TownshipRows,
)

from .factories import GridSupervisorFactory


def guide(region, **kwargs):
    return SupervisionGuide.objects.create(
        region=region,
        year=2026,
        number=next_guide_number(region, 2026),
        month=datetime.date(2026, 5, 1),
        title=f"{region.name}五月督导要点",
        content="检查消防通道",
        **kwargs,
    )


class TestSupervisionGuideScoping(CountyRows, ScopedPages, ScopedEdit, ScopedExport, ScopedApiWrites):
    """A county's published guide: its townships read it, never change it; the other county gets 404."""

    model = SupervisionGuide
    township_reads = True

    def make(self, region):
        return guide(region, status="published", published_at=timezone.now())

    def form_data(self, obj, region):
        return {
            "region": region.pk,
            "year": 2026,
            "number": obj.number,
            "month": "2026-05-01",
            "title": obj.title,
            "content": obj.content,
        }

    def api_data(self, region):
        return {
            "region": region.pk,
            "year": 2026,
            "number": 90,
            "month": "2026-06-01",
            "title": "六月",
            "content": "要点",
        }

    def test_a_township_does_not_read_its_countys_draft(self, cast, login):
        draft = guide(cast.county)
        assert self.listed(login(cast.user_a)) == set()
        assert login(cast.user_a).get(self.url("detail", draft.pk)).status_code == 404


class TestGuideAcknowledgementScoping(TownshipRows, ScopedList, ScopedExport, ScopedApi):
    """Receipts of a city guide, one per supervisor: each township sees its own supervisors' receipts."""

    model = GuideAcknowledgement

    def make(self, region):
        if not hasattr(self, "city_guide"):
            self.city_guide = guide(self.cast.city, status="published", published_at=timezone.now())
        supervisor = GridSupervisorFactory(region=region, level="chief")
        return GuideAcknowledgement.objects.create(guide=self.city_guide, supervisor=supervisor)

    def test_a_receipt_outside_the_jurisdiction_is_not_signed(self, cast, rows, login):
        response = login(cast.user_b).post(reverse("grid:guide_acknowledgement_acknowledge", args=[rows["a"].pk]))
        assert response.status_code == 404
        rows["a"].refresh_from_db()
        assert rows["a"].acknowledged_at is None
