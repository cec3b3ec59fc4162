import datetime

import factory

from grid.choices import SupervisorLevel
from grid.demo import credit_code, resident_id
from grid.models import Department, Enterprise, Grid, GridSupervisor, Region


class EnterpriseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enterprise
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"测试企业{n}有限公司")
    credit_code = factory.Sequence(lambda n: credit_code("350404", 900000 + n))
    industry = "industrial_trade"
    region = factory.LazyFunction(lambda: Region.objects.get(code="350404001"))
    principal_name = "张三"
    principal_id_number = factory.Sequence(lambda n: resident_id("350403", n))
    principal_phone = "13905981234"

    @factory.post_generation
    def supervised_by(self, create, kind, **kwargs):
        if kind:
            self.department = Department.objects.get(region__code=self.region.code[:6], kind=kind)
            if create:
                self.save()


class GridFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Grid
        skip_postgeneration_save = True

    region = factory.LazyFunction(lambda: Region.objects.get(code="350404001"))
    industry = "industrial_trade"
    name = factory.Sequence(lambda n: f"网格{n}")

    @factory.post_generation
    def enterprises(self, create, extracted, **kwargs):
        if create and extracted:
            self.enterprises.set(extracted)


class GridSupervisorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GridSupervisor
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"督导员{n}")
    phone = factory.Sequence(lambda n: f"137{n:08d}")
    position = "副镇长"
    level = SupervisorLevel.FIRST
    region = factory.LazyFunction(lambda: Region.objects.get(code="350404001"))
    active_from = datetime.date(2021, 1, 1)

    @factory.post_generation
    def grids(self, create, extracted, **kwargs):
        if create and extracted:
            self.grids.set(extracted)


def village_of(township: Region) -> Region:
    return Region.objects.filter(parent=township, level="village").order_by("code").first()


def supervised_enterprise(supervisor: GridSupervisor, **kwargs) -> Enterprise:
    """An enterprise in a grid of ``supervisor``'s township that ``supervisor`` covers."""
    enterprise = EnterpriseFactory(region=supervisor.region, **kwargs)
    grid = GridFactory(region=supervisor.region, enterprises=[enterprise])
    supervisor.grids.add(grid)
    return enterprise


def link_login(supervisor: GridSupervisor, user) -> GridSupervisor:
    supervisor.official = user.official
    supervisor.save()
    return supervisor
