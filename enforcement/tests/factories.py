import datetime
from decimal import Decimal

import factory

from base.choices import AccidentLevel
from grid.models import Department, Region
from grid.tests.factories import EnterpriseFactory

from ..choices import PenaltyKind, Sanction, VersionStatus
from ..models import (
    Accident,
    AccountabilityCase,
    JudicialTransfer,
    Penalty,
    PromptListVersion,
    ViolationPromptItem,
)


def township_a() -> Region:
    return Region.objects.get(code="350404001")


def department(region_code: str = "350404", kind: str = "emergency") -> Department:
    return Department.objects.get(region__code=region_code, kind=kind)


class PromptListVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PromptListVersion

    year = factory.Sequence(lambda n: 2022 + n)
    region = factory.LazyFunction(lambda: Region.objects.get(code="350400"))
    document_number = "明安委办〔2022〕5号"


class ViolationPromptItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ViolationPromptItem

    version = factory.SubFactory(PromptListVersionFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"未按规定开展安全生产教育培训{n}")
    description = "未对从业人员进行安全生产教育和培训"
    legal_basis = "《安全生产法》第九十七条"
    penalty_range = "责令限期改正，处十万元以下罚款"


def published_version(region: Region | None = None, items: int = 2, **kwargs) -> PromptListVersion:
    """A published version with ``items`` items (published directly, without the acknowledgements)."""
    version = PromptListVersionFactory(region=region or Region.objects.get(code="350400"), **kwargs)
    for number in range(1, items + 1):
        ViolationPromptItemFactory(version=version, number=number)
    version.status = VersionStatus.PUBLISHED
    version.published_at = datetime.datetime(version.year, 3, 1, tzinfo=datetime.UTC)
    version.save()
    return version


class PenaltyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Penalty

    case_number = factory.Sequence(lambda n: f"（三）应急罚〔2026〕{n + 1}号")
    enterprise = factory.SubFactory(EnterpriseFactory)
    department = factory.LazyFunction(department)
    decided_on = datetime.date(2026, 3, 1)
    violation = "未按规定开展安全生产教育培训"
    legal_basis = "《安全生产法》第九十七条"
    kind = PenaltyKind.FINE
    amount = Decimal("20000")
    preventive = True


class AccidentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Accident

    occurred_on = datetime.date(2026, 5, 10)
    place = "某工地"
    region = factory.LazyFunction(township_a)
    industry = "construction"
    level = AccidentLevel.GENERAL
    deaths = 1
    summary = "高处坠落"


class JudicialTransferFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JudicialTransfer

    enterprise = factory.SubFactory(EnterpriseFactory)
    department = factory.LazyFunction(department)
    person_name = "李四"
    case_summary = "重大责任事故罪嫌疑"
    transferred_on = datetime.date(2026, 6, 1)
    receiving_organ = "三元区公安分局"


class AccountabilityCaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AccountabilityCase

    region = factory.LazyFunction(lambda: Region.objects.get(code="350404"))
    failure = "未履行属地监管职责"
    subject_name = "王五"
    subject_post = "副镇长"
    finding = "对辖区企业违法生产监管不力"
    sanction = Sanction.ADMONISHMENT
    decided_on = datetime.date(2026, 7, 1)
