import factory

from grid.demo import credit_code, resident_id
from grid.models import Department, Enterprise, Region


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
