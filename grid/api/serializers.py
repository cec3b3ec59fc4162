from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers

from base.api import ScopedSerializer

from .. import services
from ..choices import CheckItem
from ..models import (
    Department,
    Enterprise,
    FireStation,
    FireStationStaff,
    Grid,
    GridSupervisor,
    GuideAcknowledgement,
    HouseChief,
    HouseInspection,
    Region,
    SmallVenueInspection,
    SupervisionGuide,
    SupervisionVisit,
    SupervisorAssessment,
    VisitFinding,
)


class RegionSerializer(ScopedSerializer):
    class Meta:
        model = Region
        fields = ["id", "code", "name", "level", "parent", "path"]


class DepartmentSerializer(ScopedSerializer):
    class Meta:
        model = Department
        fields = ["id", "name", "kind", "region", "industries", "has_inspection_duty"]


class EnterpriseSerializer(ScopedSerializer):
    region_name = serializers.CharField(source="region.name", read_only=True)
    department_name = serializers.CharField(source="department.name", read_only=True, default=None)

    class Meta:
        model = Enterprise
        fields = [
            "id",
            "name",
            "credit_code",
            "industry",
            "region",
            "region_name",
            "address",
            "longitude",
            "latitude",
            "department",
            "department_name",
            "supervision_level",
            "risk_grade",
            "weak_foundation",
            "principal_name",
            "principal_id_number",
            "principal_phone",
            "status",
            "created_at",
            "updated_at",
        ]


class GridSerializer(ScopedSerializer):
    region_name = serializers.CharField(source="region.name", read_only=True)

    class Meta:
        model = Grid
        fields = ["id", "region", "region_name", "industry", "name", "enterprises", "note", "is_active"]


class GridSupervisorSerializer(ScopedSerializer):
    region_name = serializers.CharField(source="region.name", read_only=True)

    class Meta:
        model = GridSupervisor
        fields = [
            "id",
            "name",
            "phone",
            "position",
            "level",
            "region",
            "region_name",
            "village",
            "grids",
            "active_from",
            "active_to",
            "official",
        ]


class SupervisionGuideSerializer(ScopedSerializer):
    class Meta:
        model = SupervisionGuide
        fields = [
            "id",
            "region",
            "year",
            "number",
            "month",
            "title",
            "content",
            "attachment",
            "status",
            "published_at",
        ]
        read_only_fields = ["attachment", "status", "published_at"]


class GuideAcknowledgementSerializer(ScopedSerializer):
    region = serializers.IntegerField(source="supervisor.region_id", read_only=True)
    supervisor_name = serializers.CharField(source="supervisor.name", read_only=True)

    class Meta:
        model = GuideAcknowledgement
        fields = ["id", "guide", "supervisor", "supervisor_name", "region", "acknowledged_at"]
        read_only_fields = fields


class VisitFindingSerializer(serializers.ModelSerializer):
    class Meta:
        model = VisitFinding
        fields = ["id", "description"]


class SupervisionVisitSerializer(ScopedSerializer):
    """Read and create visits; creating goes through ``services.visit_record``."""

    findings = serializers.ListField(child=serializers.CharField(max_length=500), required=False, write_only=True)
    finding_list = VisitFindingSerializer(source="findings", many=True, read_only=True)
    items_checked = serializers.ListField(child=serializers.ChoiceField(choices=CheckItem.choices))

    class Meta:
        model = SupervisionVisit
        fields = [
            "id",
            "supervisor",
            "enterprise",
            "region",
            "visited_on",
            "items_checked",
            "prompt_list_delivered",
            "note",
            "findings",
            "finding_list",
            "created_at",
        ]
        read_only_fields = ["region", "created_at"]

    def validate(self, attrs):
        findings = attrs.pop("findings", None)
        attrs = super().validate(attrs)
        supervisor = attrs.get("supervisor") or getattr(self.instance, "supervisor", None)
        enterprise = attrs.get("enterprise") or getattr(self.instance, "enterprise", None)
        if self.instance is not None and not services.enterprises_of(supervisor).filter(pk=enterprise.pk).exists():
            raise serializers.ValidationError(
                {"enterprise": [f"“{enterprise.name}”不在{supervisor.name}负责的网格内。"]}
            )
        if findings is not None:
            attrs["findings"] = findings
        return attrs

    def create(self, validated_data):
        try:
            return services.visit_record(**validated_data, by=self.context["request"].user)
        except DjangoValidationError as error:
            raise serializers.ValidationError(serializers.as_serializer_error(error)) from error

    def update(self, instance, validated_data):
        validated_data.pop("findings", None)
        if "enterprise" in validated_data:
            validated_data["region_id"] = validated_data["enterprise"].region_id
        return super().update(instance, validated_data)


class SupervisorAssessmentSerializer(ScopedSerializer):
    region = serializers.IntegerField(source="supervisor.region_id", read_only=True)
    activity_visits = serializers.IntegerField(read_only=True)
    activity_enterprises = serializers.IntegerField(read_only=True)
    activity_findings = serializers.IntegerField(read_only=True)
    activity_guides = serializers.IntegerField(read_only=True)

    class Meta:
        model = SupervisorAssessment
        fields = [
            "id",
            "supervisor",
            "region",
            "year",
            "period",
            "score",
            "rating",
            "reward_penalty",
            "activity_visits",
            "activity_enterprises",
            "activity_findings",
            "activity_guides",
        ]


class HouseChiefSerializer(ScopedSerializer):
    level = serializers.CharField(source="level_label", read_only=True)

    class Meta:
        model = HouseChief
        fields = ["id", "region", "level", "name", "position", "phone", "is_active"]


class HouseInspectionSerializer(ScopedSerializer):
    region = serializers.IntegerField(source="house.region_id", read_only=True)

    class Meta:
        model = HouseInspection
        fields = ["id", "house", "region", "inspected_on", "inspector", "stage", "findings", "passed"]


class FireStationSerializer(ScopedSerializer):
    full_time_filled = serializers.IntegerField(read_only=True)
    part_time_filled = serializers.IntegerField(read_only=True)

    class Meta:
        model = FireStation
        fields = [
            "id",
            "region",
            "name",
            "established_on",
            "full_time_posts",
            "full_time_filled",
            "part_time_posts",
            "part_time_filled",
            "phone",
            "address",
        ]


class FireStationStaffSerializer(ScopedSerializer):
    region = serializers.IntegerField(source="station.region_id", read_only=True)

    class Meta:
        model = FireStationStaff
        fields = ["id", "station", "region", "name", "role", "post", "phone", "active_from", "active_to"]


class SmallVenueInspectionSerializer(ScopedSerializer):
    region = serializers.IntegerField(source="station.region_id", read_only=True)

    class Meta:
        model = SmallVenueInspection
        fields = [
            "id",
            "station",
            "region",
            "venue_name",
            "venue_kind",
            "inspected_on",
            "findings",
            "hazards_found",
            "rectified",
        ]
