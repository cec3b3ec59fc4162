from sanming_safety.api import ScopedReadOnlyViewSet, ScopedViewSet

from ..filtersets import DepartmentFilterSet, EnterpriseFilterSet, RegionFilterSet
from ..models import Department, Enterprise, Region
from .serializers import DepartmentSerializer, EnterpriseSerializer, RegionSerializer


class RegionViewSet(ScopedReadOnlyViewSet):
    queryset = Region.objects.all()
    serializer_class = RegionSerializer
    filterset_class = RegionFilterSet


class DepartmentViewSet(ScopedReadOnlyViewSet):
    queryset = Department.objects.all()
    serializer_class = DepartmentSerializer
    filterset_class = DepartmentFilterSet


class EnterpriseViewSet(ScopedViewSet):
    queryset = Enterprise.objects.select_related("region", "department")
    serializer_class = EnterpriseSerializer
    filterset_class = EnterpriseFilterSet
