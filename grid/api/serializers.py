from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers

from sanming_safety.api import ScopedSerializer

from .. import services
from ..choices import CheckItem
from ..models import (
    Department,
    Enterprise,
    Grid,
    GridSupervisor,
    GuideAcknowledgement,
    Region,
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

    def validate(self, attrs):
        attrs = super().validate(attrs)
        region = attrs.get("region") or getattr(self.instance, "region", None)
        outside = [e.name for e in attrs.get("enterprises", []) if region and e.region_id != region.pk]
        if outside:
            raise serializers.ValidationError(
                {"enterprises": [f"网格内单位须在{region.name}：" + "、".join(outside[:5])]}
            )
        return attrs


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

    def validate(self, attrs):
        attrs = super().validate(attrs)
        region = attrs.get("region") or getattr(self.instance, "region", None)
        outside = [str(g) for g in attrs.get("grids", []) if region and g.region_id != region.pk]
        if outside:
            raise serializers.ValidationError(
                {"grids": [f"负责网格须为{region.name}的网格：" + "、".join(outside[:5])]}
            )
        return attrs


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
