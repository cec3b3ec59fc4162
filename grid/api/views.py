"""Grid's bespoke API: the region and department read-outs, and the guide actions the registry's viewsets extend."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from base.api import ScopedReadOnlyViewSet, ScopedViewSet
from base.scoping import CHANGE

from .. import services
from ..choices import GuideStatus
from ..filtersets import DepartmentFilterSet, RegionFilterSet
from ..models import Department, GuideAcknowledgement, Region
from .serializers import DepartmentSerializer, RegionSerializer


class RegionViewSet(ScopedReadOnlyViewSet):
    queryset = Region.objects.all()
    serializer_class = RegionSerializer
    filterset_class = RegionFilterSet


class DepartmentViewSet(ScopedReadOnlyViewSet):
    queryset = Department.objects.all()
    serializer_class = DepartmentSerializer
    filterset_class = DepartmentFilterSet


# The bases of the registered guide and acknowledgement viewsets, for their
# actions. No docstrings: the API schema describes the operations from them.
class SupervisionGuideActions(ScopedViewSet):
    @extend_schema(
        request=None,
        responses=inline_serializer(
            "GuidePublished",
            {"sent": serializers.IntegerField(), "status": serializers.ChoiceField(choices=GuideStatus.choices)},
        ),
    )
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        """Publish the guide to every supervisor in office in its region (once)."""
        guide = self.get_object()
        sent = services.guide_publish(guide=guide, by=request.user)
        return Response({"sent": sent, "status": GuideStatus.PUBLISHED})


class GuideAcknowledgementActions(ScopedReadOnlyViewSet):
    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def sign(self, request, pk=None):
        """签收: mark the receipt read (a supervisor's own, or one in the caller's township)."""
        receipt = get_object_or_404(GuideAcknowledgement.objects.for_user(request.user, CHANGE), pk=pk)
        receipt = services.guide_acknowledge(guide=receipt.guide, supervisor=receipt.supervisor, by=request.user)
        return Response(self.get_serializer(receipt).data)
