from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import F
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from base.api import ScopedReadOnlyViewSet, ScopedViewSet
from base.scoping import CHANGE, VIEW, official_of
from grid.models import Official, VisitFinding

from .. import services
from ..models import Hazard, period_of
from .geojson import feature_collection_schema, hazard_features, risk_point_features
from .serializers import (
    AcceptSerializer,
    AssignLeaderSerializer,
    CarryForwardSerializer,
    DeadlineExtensionSerializer,
    DecideExtensionSerializer,
    ExtendSerializer,
    FromFindingSerializer,
    HazardProgressSerializer,
    HazardSerializer,
    NoteSerializer,
    RefuseSerializer,
    ReviewSerializer,
    RiskPointSerializer,
    SupervisionProgressSerializer,
    UrgeSerializer,
)


def run_service(call):
    """Call a service; its ValidationError becomes a 400 with the same Chinese message."""
    try:
        return call()
    except DjangoValidationError as error:
        raise serializers.ValidationError(serializers.as_serializer_error(error)) from error


# The registry (hazards/views.py) gives each viewset its queryset, serializer and FilterSet.


class HazardViewSet(ScopedViewSet):
    """隐患. Lifecycle steps are actions: start, progress, submit, accept, refuse, extend, assign-leader, urge."""

    @extend_schema(responses={(200, "application/geo+json"): feature_collection_schema(truncated={"type": "boolean"})})
    @action(detail=False, methods=["get"], pagination_class=None)
    def geojson(self, request):
        """Open hazards (with the page's filters) as GeoJSON for the e-map, at their unit's coordinates."""
        hazards = self.filter_queryset(self.get_queryset())
        if "is_open" not in request.query_params and "status" not in request.query_params:
            hazards = hazards.open()
        # A province's open hazards would swamp a browser: the most urgent first
        # (major, then the earliest deadline), up to the limit, and say so.
        limit = settings.RISK_MAP_MAX_HAZARDS
        urgent = hazards.order_by("-grade", F("deadline").asc(nulls_last=True), "pk")
        features = hazard_features(urgent, limit=limit + 1)
        return Response(
            {"type": "FeatureCollection", "features": features[:limit], "truncated": len(features) > limit},
            content_type="application/geo+json",
        )

    def _step(self, request, serializer_class, call):
        hazard = self.get_object()
        data = serializer_class(data=request.data)
        data.is_valid(raise_exception=True)
        run_service(lambda: call(hazard, data.validated_data))
        return Response(self.get_serializer(self.get_queryset().get(pk=hazard.pk)).data)

    @extend_schema(request=NoteSerializer, responses=HazardSerializer)
    @action(detail=True, methods=["post"])
    def start(self, request, pk=None):
        return self._step(
            request, NoteSerializer, lambda h, d: services.hazard_start_rectification(hazard=h, by=request.user)
        )

    @extend_schema(request=NoteSerializer, responses=HazardSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self._step(
            request,
            NoteSerializer,
            lambda h, d: services.hazard_submit_for_acceptance(hazard=h, by=request.user, note=d["note"]),
        )

    @extend_schema(request=AcceptSerializer, responses=HazardSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        return self._step(
            request, AcceptSerializer, lambda h, d: services.hazard_accept(hazard=h, by=request.user, note=d["note"])
        )

    @extend_schema(request=RefuseSerializer, responses=HazardSerializer)
    @action(detail=True, methods=["post"])
    def refuse(self, request, pk=None):
        return self._step(
            request,
            RefuseSerializer,
            lambda h, d: services.hazard_refuse(hazard=h, by=request.user, reason=d["reason"]),
        )

    @extend_schema(request=ExtendSerializer, responses=HazardSerializer)
    @action(detail=True, methods=["post"])
    def extend(self, request, pk=None):
        """申请延期: the deadline moves only when the decider approves it (``decide-extension``)."""
        return self._step(
            request,
            ExtendSerializer,
            lambda h, d: services.extension_request(
                hazard=h, by=request.user, new_deadline=d["new_deadline"], reason=d["reason"]
            ),
        )

    @extend_schema(request=DecideExtensionSerializer, responses=HazardSerializer)
    @action(detail=True, methods=["post"], url_path="decide-extension", permission_classes=[IsAuthenticated])
    def decide_extension(self, request, pk=None):
        """审批延期: approve (the deadline moves) or refuse (with a reason) the pending request."""
        hazard = get_object_or_404(Hazard.objects.for_user(request.user, VIEW), pk=pk)
        data = DecideExtensionSerializer(data=request.data)
        data.is_valid(raise_exception=True)

        def call():
            extension = services.pending_extension(hazard)
            if extension is None:
                raise DjangoValidationError("没有待审批的延期申请。")
            services.extension_decide(extension=extension, by=request.user, **data.validated_data)

        run_service(call)
        hazard = self.base_queryset(request.user).get(pk=hazard.pk)
        return Response(self.get_serializer(hazard).data)

    @extend_schema(responses=DeadlineExtensionSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def extensions(self, request, pk=None):
        """The hazard's extension requests and their decisions, newest first."""
        hazard = self.get_object()
        return Response(DeadlineExtensionSerializer(hazard.extensions.all()[:200], many=True).data)

    @extend_schema(request=AssignLeaderSerializer, responses=HazardSerializer)
    @action(detail=True, methods=["post"], url_path="assign-leader")
    def assign_leader(self, request, pk=None):
        def call(hazard, data):
            leader = Official.objects.filter(pk=data["leader"]).select_related("region", "user").first()
            if leader is None:
                raise DjangoValidationError({"leader": "挂包领导不存在。"})
            services.leader_assign(
                hazard=hazard, leader=leader, by=request.user, round=data["round"], target_date=data["target_date"]
            )

        return self._step(request, AssignLeaderSerializer, call)

    @extend_schema(methods=["GET"], responses=HazardProgressSerializer(many=True))
    @extend_schema(methods=["POST"], request=HazardProgressSerializer, responses={201: HazardProgressSerializer})
    @action(
        detail=True, methods=["get", "post"], url_path="progress-reports", pagination_class=None, filter_backends=[]
    )
    def progress_reports(self, request, pk=None):
        if request.method == "GET":
            hazard = self.get_object()
            reports = hazard.progress_reports.prefetch_related("photos")[:200]
            return Response(HazardProgressSerializer(reports, many=True, context={"request": request}).data)
        hazard = self.get_object()
        data = HazardProgressSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        report = run_service(
            lambda: services.hazard_report_progress(
                hazard=hazard,
                by=request.user,
                text=data.validated_data["text"],
                percent=data.validated_data["percent"],
                photos=data.validated_data.get("photos", []),
                reason=data.validated_data.get("reason", ""),
            )
        )
        return Response(
            HazardProgressSerializer(report, context={"request": request}).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(request=FromFindingSerializer, responses={201: HazardSerializer})
    @action(detail=False, methods=["post"], url_path="from-finding", permission_classes=[IsAuthenticated])
    def from_finding(self, request):
        """登记为隐患: open a hazard from a grid supervisor's visit finding (supervisors may too)."""
        data = FromFindingSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        finding = get_object_or_404(
            VisitFinding.objects.for_user(request.user, CHANGE), pk=data.validated_data["finding"]
        )
        hazard = run_service(
            lambda: services.hazard_open_from_finding(
                finding=finding,
                by=request.user,
                grade=data.validated_data["grade"],
                deadline=data.validated_data["deadline"],
            )
        )
        hazard = self.base_queryset(request.user).get(pk=hazard.pk)
        return Response(self.get_serializer(hazard).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=UrgeSerializer, responses=HazardSerializer)
    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def urge(self, request, pk=None):
        # The assigned leader may push without being able to change the hazard.
        hazard = get_object_or_404(Hazard.objects.for_user(request.user, VIEW), pk=pk)
        data = UrgeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        run_service(lambda: services.hazard_urge(hazard=hazard, by=request.user, text=data.validated_data["text"]))
        hazard = self.base_queryset(request.user).get(pk=hazard.pk)
        return Response(self.get_serializer(hazard).data)


class LeaderAssignmentViewSet(ScopedReadOnlyViewSet):
    """挂包整改 (assign through the hazard's ``assign-leader`` action)."""


class SupervisionItemViewSet(ScopedViewSet):
    @extend_schema(methods=["GET"], responses=SupervisionProgressSerializer(many=True))
    @extend_schema(
        methods=["POST"], request=SupervisionProgressSerializer, responses={201: SupervisionProgressSerializer}
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None, filter_backends=[])
    def progress(self, request, pk=None):
        item = self.get_object()
        if request.method == "GET":
            return Response(SupervisionProgressSerializer(item.progress_entries.all(), many=True).data)
        data = SupervisionProgressSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        entry = run_service(
            lambda: services.supervision_progress_record(item=item, by=request.user, **data.validated_data)
        )
        return Response(SupervisionProgressSerializer(entry).data, status=status.HTTP_201_CREATED)


class RiskPointViewSet(ScopedViewSet):
    """风险点; ``geojson`` is the e-map's data, with the same filters."""

    @extend_schema(responses={(200, "application/geo+json"): feature_collection_schema()})
    @action(detail=False, methods=["get"], pagination_class=None)
    def geojson(self, request):
        """Every visible, located, active point as a GeoJSON FeatureCollection (current period unless ``period``)."""
        points = self.filter_queryset(self.get_queryset()).active()
        if not request.query_params.get("period"):
            points = points.filter(period=period_of(timezone.localdate()))
        return Response(
            {"type": "FeatureCollection", "features": risk_point_features(points)},
            content_type="application/geo+json",
        )

    @extend_schema(request=ReviewSerializer, responses=RiskPointSerializer)
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        point = self.get_object()
        data = ReviewSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        point = run_service(
            lambda: services.risk_point_review(risk_point=point, by=request.user, **data.validated_data)
        )
        return Response(self.get_serializer(point).data)

    @extend_schema(request=CarryForwardSerializer, responses={200: dict})
    @action(detail=False, methods=["post"], url_path="carry-forward")
    def carry_forward(self, request):
        data = CarryForwardSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        official = official_of(request.user)
        if official is None:
            raise serializers.ValidationError("只有有管辖区域的工作人员可以结转。")
        count = run_service(
            lambda: services.risk_points_carry_forward(region=official.region, by=request.user, **data.validated_data)
        )
        return Response({"carried": count})
