"""The jurisdiction contract for grids, supervisors, visits and assessments."""

import datetime

from grid.models import Grid, GridSupervisor, SupervisionVisit, SupervisorAssessment
from grid.services import visit_record
from tests.scoping import (
    ScopedApiWrites,
    ScopedByDepartment,
    ScopedEdit,
    ScopedExport,
    ScopedImport,
    ScopedPages,
    TownshipRows,
)

from .factories import GridFactory, GridSupervisorFactory, supervised_enterprise


class TestGridScoping(TownshipRows, ScopedPages, ScopedEdit, ScopedExport, ScopedApiWrites):
    model = Grid

    def make(self, region):
        return GridFactory(region=region)

    def form_data(self, obj, region):
        return {"region": region.pk, "industry": obj.industry, "name": obj.name, "is_active": "on"}

    def api_data(self, region):
        return {"region": region.pk, "industry": "mining", "name": "矿山网格"}


class TestGridSupervisorScoping(TownshipRows, ScopedPages, ScopedEdit, ScopedImport, ScopedExport, ScopedApiWrites):
    model = GridSupervisor

    def make(self, region):
        return GridSupervisorFactory(region=region, level="chief", position="镇长")

    def form_data(self, obj, region):
        return {
            "name": obj.name,
            "phone": obj.phone,
            "position": obj.position,
            "level": obj.level,
            "region": region.pk,
            "active_from": "2021-01-01",
        }

    def api_data(self, region):
        return {"name": "王五", "phone": "13600000001", "position": "镇党委书记", "level": "chief", "region": region.pk}

    def import_row(self, region):
        return {
            "姓名": "王五",
            "手机号码": "13600000002",
            "职务": "镇党委书记",
            "督导员层级": "总督导员",
            "所在乡镇（街道）": region.code,
        }


class TestSupervisionVisitScoping(TownshipRows, ScopedPages, ScopedExport, ScopedApiWrites, ScopedByDepartment):
    model = SupervisionVisit
    # A visit's township is its enterprise's, never sent: the refusal names what the caller cannot choose.
    refused_fields = ("supervisor", "enterprise")

    def make(self, region):
        supervisor = GridSupervisorFactory(region=region, level="chief")
        enterprise = supervised_enterprise(supervisor)
        return visit_record(
            supervisor=supervisor,
            enterprise=enterprise,
            visited_on=datetime.date(2026, 3, 1),
            items_checked=["fire_safety"],
            prompt_list_delivered=True,
            findings=["灭火器过期"],
            by=None,
        )

    def api_data(self, region):
        supervisor = GridSupervisorFactory(region=region, level="chief")
        enterprise = supervised_enterprise(supervisor)
        return {
            "supervisor": supervisor.pk,
            "enterprise": enterprise.pk,
            "visited_on": "2026-03-02",
            "items_checked": ["fire_safety"],
            "prompt_list_delivered": True,
        }


class TestSupervisorAssessmentScoping(TownshipRows, ScopedPages, ScopedEdit, ScopedExport, ScopedApiWrites):
    model = SupervisorAssessment
    refused_fields = ("supervisor",)

    def make(self, region):
        supervisor = GridSupervisorFactory(region=region, level="chief")
        return SupervisorAssessment.objects.create(supervisor=supervisor, year=2026, period="q1")

    def form_data(self, obj, region):
        other = GridSupervisorFactory(region=region, level="chief")
        return {"supervisor": other.pk, "year": 2026, "period": "q1", "score": "90", "rating": "excellent"}

    def api_data(self, region):
        supervisor = GridSupervisorFactory(region=region, level="chief")
        return {"supervisor": supervisor.pk, "year": 2026, "period": "q2", "score": "80", "rating": "competent"}

    def region_id_of(self, obj):
        return obj.supervisor.region_id
