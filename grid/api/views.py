from django.db.models import OuterRef
from django.shortcuts import get_object_or_404
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from base.api import ScopedReadOnlyViewSet, ScopedViewSet
from base.scoping import CHANGE

from .. import reports, services
from ..choices import GuideStatus
from ..filtersets import (
    DepartmentFilterSet,
    EnterpriseFilterSet,
    FireFilterSet,
    FireStationFilterSet,
    FireStationStaffFilterSet,
    GridFilterSet,
    GridSupervisorFilterSet,
    GuideAcknowledgementFilterSet,
    HouseChiefFilterSet,
    HouseInspectionFilterSet,
    HousingTrainingFilterSet,
    RegionFilterSet,
    RuralHouseFilterSet,
    SafetyExpertFilterSet,
    SevenOnesItemFilterSet,
    SmallVenueInspectionFilterSet,
    SupervisionGuideFilterSet,
    SupervisionVisitFilterSet,
    SupervisorAssessmentFilterSet,
    TipOffFilterSet,
)
from ..models import (
    Department,
    Enterprise,
    Fire,
    FireStation,
    FireStationStaff,
    Grid,
    GridSupervisor,
    GuideAcknowledgement,
    HouseChief,
    HouseInspection,
    HousingTraining,
    Region,
    RuralHouse,
    SafetyExpert,
    SevenOnesItem,
    SmallVenueInspection,
    SupervisionGuide,
    SupervisionVisit,
    SupervisorAssessment,
    TipOff,
)
from .serializers import (
    DepartmentSerializer,
    EnterpriseSerializer,
    FireSerializer,
    FireStationSerializer,
    FireStationStaffSerializer,
    GridSerializer,
    GridSupervisorSerializer,
    GuideAcknowledgementSerializer,
    HouseChiefSerializer,
    HouseInspectionSerializer,
    HousingTrainingSerializer,
    RegionSerializer,
    RuralHouseSerializer,
    SafetyExpertSerializer,
    SevenOnesItemSerializer,
    SmallVenueInspectionSerializer,
    SupervisionGuideSerializer,
    SupervisionVisitSerializer,
    SupervisorAssessmentSerializer,
    TipOffSerializer,
)


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


class GridViewSet(ScopedViewSet):
    queryset = Grid.objects.select_related("region").prefetch_related("enterprises")
    serializer_class = GridSerializer
    filterset_class = GridFilterSet


class GridSupervisorViewSet(ScopedViewSet):
    queryset = GridSupervisor.objects.select_related("region").prefetch_related("grids")
    serializer_class = GridSupervisorSerializer
    filterset_class = GridSupervisorFilterSet


class SupervisionGuideViewSet(ScopedViewSet):
    queryset = SupervisionGuide.objects.all()
    serializer_class = SupervisionGuideSerializer
    filterset_class = SupervisionGuideFilterSet

    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        """Publish the guide to every supervisor in office in its region (once)."""
        guide = self.get_object()
        sent = services.guide_publish(guide=guide, by=request.user)
        return Response({"sent": sent, "status": GuideStatus.PUBLISHED})


class GuideAcknowledgementViewSet(ScopedReadOnlyViewSet):
    queryset = GuideAcknowledgement.objects.select_related("supervisor")
    serializer_class = GuideAcknowledgementSerializer
    filterset_class = GuideAcknowledgementFilterSet

    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def sign(self, request, pk=None):
        """签收: mark the receipt read (a supervisor's own, or one in the caller's township)."""
        receipt = get_object_or_404(GuideAcknowledgement.objects.for_user(request.user, CHANGE), pk=pk)
        receipt = services.guide_acknowledge(guide=receipt.guide, supervisor=receipt.supervisor, by=request.user)
        return Response(self.get_serializer(receipt).data)


class SupervisionVisitViewSet(ScopedViewSet):
    queryset = SupervisionVisit.objects.prefetch_related("findings")
    serializer_class = SupervisionVisitSerializer
    filterset_class = SupervisionVisitFilterSet


class SupervisorAssessmentViewSet(ScopedViewSet):
    queryset = SupervisorAssessment.objects.select_related("supervisor")
    serializer_class = SupervisorAssessmentSerializer
    filterset_class = SupervisorAssessmentFilterSet

    def get_queryset(self):
        return services.with_activity(
            super().get_queryset(), start=OuterRef("period_start"), end=OuterRef("period_end"), supervisor="supervisor"
        )


class HouseChiefViewSet(ScopedViewSet):
    queryset = HouseChief.objects.select_related("region")
    serializer_class = HouseChiefSerializer
    filterset_class = HouseChiefFilterSet


class SafetyExpertViewSet(ScopedViewSet):
    queryset = SafetyExpert.objects.all()
    serializer_class = SafetyExpertSerializer
    filterset_class = SafetyExpertFilterSet


class RuralHouseViewSet(ScopedViewSet):
    queryset = RuralHouse.objects.prefetch_related("chiefs")
    serializer_class = RuralHouseSerializer
    filterset_class = RuralHouseFilterSet


class HouseInspectionViewSet(ScopedViewSet):
    queryset = HouseInspection.objects.select_related("house")
    serializer_class = HouseInspectionSerializer
    filterset_class = HouseInspectionFilterSet


class HousingTrainingViewSet(ScopedViewSet):
    queryset = HousingTraining.objects.all()
    serializer_class = HousingTrainingSerializer
    filterset_class = HousingTrainingFilterSet


class TipOffViewSet(ScopedViewSet):
    queryset = TipOff.objects.all()
    serializer_class = TipOffSerializer
    filterset_class = TipOffFilterSet


class SevenOnesItemViewSet(ScopedViewSet):
    queryset = SevenOnesItem.objects.all()
    serializer_class = SevenOnesItemSerializer
    filterset_class = SevenOnesItemFilterSet


class FireStationViewSet(ScopedViewSet):
    queryset = FireStation.objects.all()
    serializer_class = FireStationSerializer
    filterset_class = FireStationFilterSet

    def get_queryset(self):
        return reports.with_staffing(super().get_queryset())


class FireStationStaffViewSet(ScopedViewSet):
    queryset = FireStationStaff.objects.select_related("station")
    serializer_class = FireStationStaffSerializer
    filterset_class = FireStationStaffFilterSet


class SmallVenueInspectionViewSet(ScopedViewSet):
    queryset = SmallVenueInspection.objects.select_related("station")
    serializer_class = SmallVenueInspectionSerializer
    filterset_class = SmallVenueInspectionFilterSet


class FireViewSet(ScopedViewSet):
    queryset = Fire.objects.all()
    serializer_class = FireSerializer
    filterset_class = FireFilterSet
