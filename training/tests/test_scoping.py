"""The jurisdiction contract for every training model: a county sees its classes and its principals'
attendance, a township reads its principals' invitations and sign-ins, the organiser keeps them."""

import datetime

from django.utils import timezone

from tests.scoping import (
    CountyRows,
    KeptRows,
    ScopedApi,
    ScopedApiWrites,
    ScopedEdit,
    ScopedExport,
    ScopedImport,
    ScopedPages,
)
from training import services
from training.choices import CheckInMethod
from training.models import AccidentCase, Attendance, Invitation, WarningClass

from .factories import AccidentCaseFactory, EnterpriseFactory, WarningClassFactory


class TestAccidentCaseScoping(CountyRows, ScopedPages, ScopedEdit, ScopedExport, ScopedApiWrites):
    model = AccidentCase
    # The city's and a county's library are read below them: a township studies its county's cases.
    township_reads = True

    def make(self, region):
        return AccidentCaseFactory(
            region=region, name=f"{region.name}“3·1”厂房坍塌较大事故", industry="industrial_trade"
        )

    def form_data(self, obj, region):
        return {
            "region": region.pk,
            "name": obj.name,
            "occurred_on": "2022-01-04",
            "place": obj.place,
            "industry": obj.industry,
            "level": obj.level,
            "deaths": 3,
            "injuries": 0,
            "summary": obj.summary,
        }

    def api_data(self, region):
        return {
            "region": region.pk,
            "name": "广东惠州“2·18”铸造厂爆炸较大事故",
            "occurred_on": "2022-02-18",
            "place": "广东省惠州市",
            "industry": "industrial_trade",
            "level": "larger",
            "deaths": 3,
            "injuries": 5,
            "summary": "熔炼炉爆炸。",
        }


class TestWarningClassScoping(CountyRows, ScopedPages, ScopedEdit, ScopedExport, ScopedApiWrites):
    model = WarningClass
    # A township reads its county's classes, to bring its principals to them.
    township_reads = True

    def make(self, region):
        return WarningClassFactory(region=region)

    def form_data(self, obj, region):
        starts = timezone.localtime(obj.starts_at)
        return {
            "region": region.pk,
            "title": obj.title,
            "organiser": obj.organiser,
            "starts_at": f"{starts:%Y-%m-%dT%H:%M}",
            "ends_at": f"{starts + datetime.timedelta(hours=2):%Y-%m-%dT%H:%M}",
            "venue": obj.venue,
            "industries": ["industrial_trade"],
            "audience": obj.audience,
            "formats": ["video"],
            "capacity": 50,
        }

    def api_data(self, region):
        return {
            "region": region.pk,
            "title": "道路交通安全教育学习班",
            "organiser": "安委办",
            "starts_at": "2026-05-10T09:00:00+08:00",
            "ends_at": "2026-05-10T12:00:00+08:00",
            "venue": "会议中心",
            "industries": ["road_transport"],
            "audience": "客货运输企业负责人、村两委干部",
            "formats": ["video", "scene"],
            "capacity": 100,
        }


def county_class_for(region):
    """A class of the township's county (the organiser that keeps its invitations and sign-ins)."""
    return WarningClassFactory(region=region.parent, organiser=f"{region.parent.name}安委办")


class TestInvitationScoping(KeptRows, ScopedPages, ScopedExport, ScopedApi):
    model = Invitation

    def make(self, region):
        enterprise = EnterpriseFactory(region=region)
        return Invitation.objects.create(warning_class=county_class_for(region), enterprise=enterprise)


class TestAttendanceScoping(KeptRows, ScopedPages, ScopedExport, ScopedImport, ScopedApi):
    model = Attendance

    def make(self, region):
        enterprise = EnterpriseFactory(region=region)
        return services.check_in(
            warning_class=county_class_for(region), id_number=enterprise.principal_id_number, method=CheckInMethod.DESK
        )

    def import_row(self, region):
        enterprise = EnterpriseFactory(region=region)
        klass = county_class_for(region)
        return {
            "班次编号": klass.number,
            "姓名": enterprise.principal_name,
            "身份证号码": enterprise.principal_id_number,
            "签到时间": "2026-03-05 08:45",
        }
