import datetime

import factory
from django.utils import timezone

from grid.models import Region
from hazards.choices import AssessmentMethod, ControlLevel, HazardGrade, HazardSource
from hazards.models import Hazard, RiskPoint, SupervisionItem


class HazardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Hazard

    title = factory.Sequence(lambda n: f"测试隐患{n}")
    region = factory.LazyFunction(lambda: Region.objects.get(code="350404001"))
    address = "列东街道某处"
    grade = HazardGrade.GENERAL
    industry = "industrial_trade"
    source = HazardSource.DEPARTMENT_INSPECTION
    description = "消防通道堵塞"
    found_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=10))
    finder = "王检查"
    measures = "清理通道"
    responsible_person = "张三"
    responsible_unit = "某公司"
    deadline = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=20))


# The 五到位 of a major hazard, all recorded as in place.
FIVE_IN_PLACE = dict.fromkeys(Hazard.FIVE_IN_PLACE, True)


class RiskPointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RiskPoint

    name = factory.Sequence(lambda n: f"测试风险点{n}")
    region = factory.LazyFunction(lambda: Region.objects.get(code="350404001"))
    longitude = factory.Sequence(lambda n: round(117.6 + (n % 50) * 0.001, 6))
    latitude = 26.23
    kind = "production_site"
    industry = "industrial_trade"
    control_level = ControlLevel.TOWNSHIP
    responsible_person = "李四"
    measures = "定期巡查"
    method = AssessmentMethod.DIRECT
    grade = "yellow"
    period = "2026H2"


class SupervisionItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupervisionItem

    region = factory.LazyFunction(lambda: Region.objects.get(code="350404"))
    year = 2026
    title = factory.Sequence(lambda n: f"督办事项{n}")
    source = "monthly_key_work"
    lead_unit = "三元区应急管理局"
    responsible_leader = "黄副区长"
    start_on = datetime.date(2026, 1, 1)
    deadline = datetime.date(2026, 12, 31)
