import datetime

import factory
from django.utils import timezone

from grid.demo import resident_id
from grid.models import Region
from grid.tests.factories import EnterpriseFactory
from training.models import AccidentCase, WarningClass

__all__ = ["AccidentCaseFactory", "EnterpriseFactory", "WarningClassFactory", "resident_id", "running_class"]


class AccidentCaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AccidentCase

    region = factory.LazyFunction(lambda: Region.objects.get(code="350400"))
    name = factory.Sequence(lambda n: f"测试“{n}”事故")
    occurred_on = datetime.date(2022, 1, 4)
    place = "贵州省毕节市"
    industry = "construction"
    level = "major"
    deaths = 14
    injuries = 3
    summary = "在建工地边坡滑坡。"


class WarningClassFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WarningClass
        skip_postgeneration_save = True

    region = factory.LazyFunction(lambda: Region.objects.get(code="350404"))
    title = factory.Sequence(lambda n: f"工贸行业企业负责人警示教育学习班{n}")
    organiser = "三元区安委办"
    starts_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(minutes=30))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=3))
    venue = "三元区安全生产警示教育基地"
    industries = factory.LazyFunction(lambda: ["industrial_trade"])
    audience = "工贸行业企业负责人"
    formats = factory.LazyFunction(lambda: ["video", "lecture"])
    capacity = 80


def running_class(region=None, **kwargs) -> WarningClass:
    """A class whose check-in is open now."""
    return WarningClassFactory(**({"region": region} if region is not None else {}), **kwargs)
