"""The jurisdiction contract for every enforcement model: a department sees its own kind's records
across its jurisdiction, a township its enterprises', a county its own, the city all."""

import datetime
import itertools

from grid.models import Department, Region
from grid.tests.factories import EnterpriseFactory
from tests.scoping import (
    CountyRows,
    ScopedApi,
    ScopedApiWrites,
    ScopedByDepartment,
    ScopedEdit,
    ScopedExport,
    ScopedImport,
    ScopedList,
    ScopedPages,
    TownshipRows,
)

from ..choices import VersionStatus
from ..models import (
    Accident,
    AccountabilityCase,
    JudicialTransfer,
    Penalty,
    PromptListDelivery,
    PromptListReceipt,
    PromptListVersion,
    UnitAssessment,
    ViolationPromptItem,
)
from .factories import (
    AccidentFactory,
    AccountabilityCaseFactory,
    JudicialTransferFactory,
    PenaltyFactory,
    PromptListVersionFactory,
    ViolationPromptItemFactory,
    published_version,
)

YEARS = itertools.count(2100)


def county_department(region: Region, kind: str = "emergency") -> Department:
    return Department.objects.get(region__code=region.code[:6], kind=kind)


class TestPromptListVersionScoping(CountyRows, ScopedPages, ScopedEdit, ScopedExport, ScopedApiWrites):
    model = PromptListVersion

    def make(self, region):
        return PromptListVersionFactory(region=region, year=next(YEARS))

    def form_data(self, obj, region):
        return {"region": region.pk, "year": obj.year, "title": obj.title, "document_number": ""}

    def api_data(self, region):
        return {"region": region.pk, "year": next(YEARS), "title": "提示清单"}


class TestViolationPromptItemScoping(CountyRows, ScopedPages, ScopedEdit, ScopedExport, ScopedApiWrites):
    model = ViolationPromptItem
    refused_fields = ("version",)

    def make(self, region):
        return ViolationPromptItemFactory(version=PromptListVersionFactory(region=region, year=next(YEARS)))

    def region_id_of(self, obj):
        return obj.version.region_id

    def form_data(self, obj, region):
        other = PromptListVersionFactory(region=region, year=next(YEARS))
        return {
            "version": other.pk,
            "number": obj.number,
            "title": obj.title,
            "description": obj.description,
            "legal_basis": obj.legal_basis,
            "penalty_range": obj.penalty_range,
        }

    def api_data(self, region):
        other = PromptListVersionFactory(region=region, year=next(YEARS))
        return {
            "version": other.pk,
            "number": 1,
            "title": "t",
            "description": "d",
            "legal_basis": "b",
            "penalty_range": "p",
        }


class TestPromptListReceiptScoping(TownshipRows, ScopedList, ScopedExport, ScopedApi, ScopedByDepartment):
    model = PromptListReceipt

    def make(self, region):
        version = PromptListVersionFactory(region=self.cast.city, year=next(YEARS), status=VersionStatus.PUBLISHED)
        return PromptListReceipt.objects.create(version=version, region=region)


class TestPromptListDeliveryScoping(TownshipRows, ScopedPages, ScopedExport, ScopedApiWrites, ScopedByDepartment):
    model = PromptListDelivery
    refused_fields = ("enterprise",)

    def version(self):
        return PromptListVersion.objects.current_for(self.cast.city) or published_version(self.cast.city, items=1)

    def make(self, region):
        enterprise = EnterpriseFactory(region=region, department=county_department(region, "housing"))
        return PromptListDelivery.objects.create(
            version=self.version(), enterprise=enterprise, delivered_on=datetime.date(2026, 4, 1)
        )

    def api_data(self, region):
        enterprise = EnterpriseFactory(region=region)
        return {"version": self.version().pk, "enterprise": enterprise.pk, "delivered_on": "2026-04-02"}


class PenaltyRows(TownshipRows):
    """Penalties and transfers: the row's township is its enterprise's, the department decides them."""

    refused_fields = ("enterprise",)

    def enterprise(self, region):
        return EnterpriseFactory(region=region)


class TestPenaltyScoping(
    PenaltyRows, ScopedPages, ScopedEdit, ScopedImport, ScopedExport, ScopedApiWrites, ScopedByDepartment
):
    model = Penalty
    numbers = itertools.count(1)

    def make(self, region):
        return PenaltyFactory(enterprise=self.enterprise(region), department=county_department(region))

    def form_data(self, obj, region):
        return {
            "case_number": obj.case_number,
            "enterprise": self.enterprise(region).pk,
            "department": obj.department_id,
            "decided_on": "2026-03-01",
            "violation": obj.violation,
            "legal_basis": obj.legal_basis,
            "kind": "fine",
            "amount": "1000",
            "preventive": "on",
        }

    def import_row(self, region):
        return {
            "处罚决定书文号": f"导入〔2026〕{next(self.numbers)}号",
            "统一社会信用代码": self.enterprise(region).credit_code,
            "处罚部门": county_department(region).name,
            "决定日期": "2026-03-02",
            "违法行为": "未开展教育培训",
            "处罚依据": "《安全生产法》第九十七条",
            "处罚种类": "罚款",
            "罚没金额（元）": 5000,
            "非事故预防性": "是",
        }

    def api_data(self, region):
        return {
            "case_number": f"接口〔2026〕{next(self.numbers)}号",
            "enterprise": self.enterprise(region).pk,
            "department": county_department(region).pk,
            "decided_on": "2026-03-02",
            "violation": "未开展教育培训",
            "legal_basis": "《安全生产法》第九十七条",
            "kind": "warning",
        }


class TestJudicialTransferScoping(
    PenaltyRows, ScopedPages, ScopedEdit, ScopedExport, ScopedApiWrites, ScopedByDepartment
):
    model = JudicialTransfer

    def make(self, region):
        return JudicialTransferFactory(enterprise=self.enterprise(region), department=county_department(region))

    def form_data(self, obj, region):
        return {
            "enterprise": self.enterprise(region).pk,
            "department": obj.department_id,
            "person_name": obj.person_name,
            "person_post": obj.person_post,
            "case_summary": obj.case_summary,
            "transferred_on": "2026-06-01",
            "receiving_organ": obj.receiving_organ,
            "outcome": "pending",
        }

    def api_data(self, region):
        return {
            "enterprise": self.enterprise(region).pk,
            "department": county_department(region).pk,
            "person_name": "赵六",
            "case_summary": "涉嫌重大责任事故罪",
            "transferred_on": "2026-06-02",
            "receiving_organ": "公安分局",
        }


class TestAccidentScoping(TownshipRows, ScopedPages, ScopedEdit, ScopedExport, ScopedApiWrites):
    model = Accident

    def make(self, region):
        return AccidentFactory(region=region)

    def form_data(self, obj, region):
        return {
            "occurred_on": "2026-05-10",
            "place": obj.place,
            "region": region.pk,
            "industry": obj.industry,
            "level": obj.level,
            "deaths": 1,
            "injuries": 0,
            "direct_loss": "10",
            "summary": obj.summary,
        }

    def api_data(self, region):
        return {
            "occurred_on": "2026-05-11",
            "place": "某厂房",
            "region": region.pk,
            "industry": "industrial_trade",
            "level": "general",
            "summary": "机械伤害",
        }


class TestAccountabilityCaseScoping(CountyRows, ScopedPages, ScopedEdit, ScopedExport, ScopedApiWrites):
    model = AccountabilityCase

    def make(self, region):
        return AccountabilityCaseFactory(region=region)

    def form_data(self, obj, region):
        return {
            "region": region.pk,
            "failure": obj.failure,
            "subject_kind": "official",
            "subject_name": obj.subject_name,
            "finding": obj.finding,
            "sanction": "warning",
            "decided_on": "2026-07-01",
        }

    def api_data(self, region):
        return {
            "region": region.pk,
            "failure": "监管不力",
            "subject_name": "钱七",
            "finding": "未履职",
            "sanction": "admonishment",
            "decided_on": "2026-07-02",
        }


class TestUnitAssessmentScoping(CountyRows, ScopedPages, ScopedExport, ScopedApi, ScopedByDepartment):
    model = UnitAssessment

    def make(self, region):
        return UnitAssessment.objects.create(year=next(YEARS), region=region)
