"""The jurisdiction contract of every inspections model: a county sees its campaign and its teams, a
department its own kind's duties, teams and inspections, a township the inspections and self-checks
of its enterprises, and every level reads the campaigns, phases, duties and checklists above it."""

import itertools

from django.utils import timezone

from grid.tests.factories import EnterpriseFactory
from tests.scoping import (
    CountyRows,
    ScopedApiWrites,
    ScopedByDepartment,
    ScopedEdit,
    ScopedExport,
    ScopedImport,
    ScopedPages,
    TownshipRows,
)

from ..models import (
    Campaign,
    CampaignPhase,
    ChecklistItem,
    DutyAssignment,
    Evaluation,
    Inspection,
    InspectionTeam,
    SelfCheckReport,
)
from .factories import city_campaign, department, make_campaign, make_inspection, make_team

NUMBERS = itertools.count(1)
YEARS = itertools.count(2050)


def county_of(region):
    return region if region.level == "county" else region.parent


class TestCampaignScoping(CountyRows, ScopedPages, ScopedEdit, ScopedExport, ScopedApiWrites):
    model = Campaign
    township_reads = True

    def make(self, region):
        return make_campaign(region)

    def form_data(self, obj, region):
        return {
            "name": obj.name,
            "year": obj.year,
            "region": region.pk,
            "starts_on": obj.starts_on,
            "ends_on": obj.ends_on,
        }

    def api_data(self, region):
        today = timezone.localdate()
        return {"name": "大检查", "year": today.year, "region": region.pk, "starts_on": today, "ends_on": today}


class TestCampaignPhaseScoping(CountyRows, ScopedPages, ScopedEdit, ScopedExport, ScopedApiWrites):
    model = CampaignPhase
    township_reads = True
    refused_fields = ("campaign",)

    def make(self, region):
        campaign = make_campaign(region)
        campaign.phases.exclude(kind="local").delete()
        return campaign.phases.get()

    def region_id_of(self, obj):
        return obj.campaign.region_id

    def form_data(self, obj, region):
        other = Campaign.objects.filter(region=region).first() or make_campaign(region)
        return {"campaign": other.pk, "kind": "local", "starts_on": obj.starts_on, "ends_on": obj.ends_on}

    def api_data(self, region):
        campaign = Campaign.objects.get(region=region)
        return {"campaign": campaign.pk, "kind": "lockdown", "starts_on": campaign.ends_on, "ends_on": campaign.ends_on}


class TestDutyAssignmentScoping(CountyRows, ScopedPages, ScopedEdit, ScopedExport, ScopedApiWrites, ScopedByDepartment):
    model = DutyAssignment
    township_reads = True
    refused_fields = ("department",)

    def make(self, region):
        return DutyAssignment.objects.create(
            campaign=make_campaign(self.cast.city),
            department=department(county_of(region), "transport" if region.level == "county" else "housing"),
            industries=["construction"],
            supervision_levels=["county"],
        )

    def region_id_of(self, obj):
        return obj.department.region_id

    def form_data(self, obj, region):
        return {
            "campaign": obj.campaign_id,
            "department": department(region, "water").pk,
            "industries": ["construction"],
            "supervision_levels": ["county"],
        }

    def api_data(self, region):
        return {
            "campaign": city_campaign().pk,
            "department": department(region, "water").pk,
            "industries": ["construction"],
            "supervision_levels": ["county"],
        }


class TestInspectionTeamScoping(
    CountyRows, ScopedPages, ScopedEdit, ScopedImport, ScopedExport, ScopedApiWrites, ScopedByDepartment
):
    model = InspectionTeam

    def make(self, region):
        return make_team(region)

    def form_data(self, obj, region):
        return {
            "campaign": obj.campaign_id,
            "name": obj.name,
            "region": region.pk,
            "leader_name": "组长",
            "members-TOTAL_FORMS": 0,
            "members-INITIAL_FORMS": 0,
        }

    def import_row(self, region):
        return {
            "检查组名称": "外县检查组",
            "检查行动": city_campaign().name,
            "组织区划": region.code,
            "组长": "张三",
            "成员": "张三（安全管理，专家）；李四（电气，专业人员）",
        }

    def api_data(self, region):
        return {
            "campaign": city_campaign().pk,
            "name": "外县检查组",
            "region": region.pk,
            "leader_name": "张三",
            "members": [{"name": "张三", "is_expert": True}],
        }


class TestInspectionScoping(
    TownshipRows, ScopedPages, ScopedEdit, ScopedImport, ScopedExport, ScopedApiWrites, ScopedByDepartment
):
    model = Inspection
    refused_fields = ("enterprise",)

    def make(self, region):
        return make_inspection(region)

    def form_data(self, obj, region):
        return {
            "enterprise": EnterpriseFactory(region=region).pk,
            "inspected_on": obj.inspected_on,
            "methods": ["checklist"],
            "result": "passed",
        }

    def import_row(self, region):
        enterprise = EnterpriseFactory(region=region)
        team = make_team(self.cast.township_a)
        return {
            "检查日期": timezone.localdate(),
            "统一社会信用代码": enterprise.credit_code,
            "检查行动": team.campaign.name,
            "检查阶段": "属地政府督查",
            "检查组": team.name,
            "检查方式": "对表检查",
            "检查结果": "合格",
        }

    def api_data(self, region):
        team = make_team(self.cast.township_a)
        return {
            "campaign": team.campaign_id,
            "phase": "local",
            "team": team.pk,
            "enterprise": EnterpriseFactory(region=region).pk,
            "inspected_on": timezone.localdate().isoformat(),
            "methods": ["checklist"],
            "result": "passed",
        }


class TestChecklistItemScoping(CountyRows, ScopedPages, ScopedEdit, ScopedExport, ScopedApiWrites):
    model = ChecklistItem
    township_reads = True

    def make(self, region):
        return ChecklistItem.objects.create(region=region, industry="mining", number=next(NUMBERS), text="边坡监测")

    def form_data(self, obj, region):
        return {"region": region.pk, "industry": obj.industry, "number": obj.number, "text": obj.text}

    def api_data(self, region):
        return {"region": region.pk, "industry": "gas", "number": next(NUMBERS), "text": "管网巡检"}


class TestSelfCheckReportScoping(
    TownshipRows, ScopedPages, ScopedEdit, ScopedImport, ScopedExport, ScopedApiWrites, ScopedByDepartment
):
    model = SelfCheckReport
    refused_fields = ("enterprise",)

    def make(self, region):
        campaign = city_campaign()
        return SelfCheckReport.objects.create(
            campaign=campaign,
            enterprise=EnterpriseFactory(region=region),
            checked_on=campaign.phases.get(kind="self_check").starts_on,
            items_checked=10,
        )

    def form_data(self, obj, region):
        return {
            "campaign": obj.campaign_id,
            "enterprise": EnterpriseFactory(region=region).pk,
            "checked_on": obj.checked_on,
            "items_checked": 10,
            "problems_found": 0,
        }

    def import_row(self, region):
        campaign = city_campaign()
        return {
            "统一社会信用代码": EnterpriseFactory(region=region).credit_code,
            "检查行动": campaign.name,
            "自查日期": campaign.phases.get(kind="self_check").starts_on,
            "检查项目数": 10,
            "发现问题数": 0,
        }

    def api_data(self, region):
        campaign = city_campaign()
        return {
            "campaign": campaign.pk,
            "enterprise": EnterpriseFactory(region=region).pk,
            "checked_on": campaign.phases.get(kind="self_check").starts_on.isoformat(),
            "items_checked": 10,
            "problems_found": 0,
        }


class TestEvaluationScoping(CountyRows, ScopedPages, ScopedEdit, ScopedExport, ScopedApiWrites, ScopedByDepartment):
    model = Evaluation

    def make(self, region):
        return Evaluation.objects.create(year=next(YEARS), region=county_of(region))

    def form_data(self, obj, region):
        return {"year": obj.year, "region": region.pk, "grade": "good", "comment": "较好"}

    def api_data(self, region):
        return {"year": next(YEARS), "region": region.pk, "grade": "good"}
