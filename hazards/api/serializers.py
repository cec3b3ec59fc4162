from rest_framework import serializers

from base.api import ScopedSerializer
from base.validators import validate_photo

from ..choices import AssessmentMethod, HazardGrade, RiskPointReview
from ..models import (
    MAX_PHOTOS,
    DeadlineExtension,
    Hazard,
    HazardProgress,
    LeaderAssignment,
    RiskPoint,
    SupervisionProgress,
)


class HazardSerializer(ScopedSerializer):
    region_name = serializers.CharField(source="region.name", read_only=True)
    colour = serializers.CharField(
        source="governance_colour", read_only=True, help_text="分色治理：red/orange/yellow/green"
    )
    overdue = serializers.BooleanField(read_only=True)
    leader_name = serializers.CharField(read_only=True, default=None)
    photos = serializers.SerializerMethodField(help_text="现场照片的地址")

    class Meta:
        model = Hazard
        fields = [
            "id",
            "title",
            "grade",
            "industry",
            "source",
            "enterprise",
            "region",
            "region_name",
            "address",
            "department",
            "risk_point",
            "description",
            "found_on",
            "finder",
            "photos",
            "measures",
            "responsible_person",
            "responsible_unit",
            "funds",
            "deadline",
            *Hazard.FIVE_IN_PLACE,
            "status",
            "progress",
            "closed_on",
            "acceptance_note",
            "colour",
            "overdue",
            "leader_name",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["status", "progress", "closed_on", "acceptance_note", "created_at", "updated_at"]

    def get_photos(self, hazard) -> list[str]:
        request = self.context.get("request")
        return [
            request.build_absolute_uri(photo.get_absolute_url()) if request else photo.get_absolute_url()
            for photo in hazard.photos.all()
            if photo.progress_id is None
        ]

    def validate(self, attrs):
        if self.instance is not None and not self.instance.is_open:
            raise serializers.ValidationError("已销号的隐患不能修改。")
        return super().validate(attrs)


class HazardProgressSerializer(serializers.ModelSerializer):
    photos = serializers.ListField(
        child=serializers.ImageField(validators=[validate_photo]),
        required=False,
        max_length=MAX_PHOTOS,
        write_only=True,
    )
    region = serializers.IntegerField(source="hazard.region_id", read_only=True)

    class Meta:
        model = HazardProgress
        fields = [
            "id",
            "hazard",
            "region",
            "reported_on",
            "text",
            "percent",
            "reason",
            "photos",
            "reported_by",
            "created_at",
        ]
        read_only_fields = ["hazard", "reported_on", "reported_by", "created_at"]

    def to_representation(self, report):
        data = super().to_representation(report)
        request = self.context.get("request")
        data["photos"] = [
            request.build_absolute_uri(photo.get_absolute_url()) if request else photo.get_absolute_url()
            for photo in report.photos.all()
        ]
        return data


class NoteSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")


class AcceptSerializer(serializers.Serializer):
    note = serializers.CharField(label="验收意见")


class RefuseSerializer(serializers.Serializer):
    reason = serializers.CharField(label="不通过理由")


class ExtendSerializer(serializers.Serializer):
    new_deadline = serializers.DateField(label="申请延至")
    reason = serializers.CharField(label="延期理由")
    approver = serializers.CharField(
        label="批准人",
        max_length=64,
        required=False,
        allow_blank=True,
        help_text="已不再使用：延期申请由审批人通过 decide-extension 批准，批准人即审批人",
    )


class DecideExtensionSerializer(serializers.Serializer):
    approve = serializers.BooleanField(label="是否批准")
    reason = serializers.CharField(label="审批意见", required=False, allow_blank=True, default="")


class DeadlineExtensionSerializer(serializers.ModelSerializer):
    class Meta:
        model = DeadlineExtension
        fields = [
            "id",
            "hazard",
            "status",
            "old_deadline",
            "new_deadline",
            "reason",
            "created_by",
            "created_at",
            "decided_by",
            "decided_at",
            "decision_reason",
            "approver",
        ]
        read_only_fields = fields


class FromFindingSerializer(serializers.Serializer):
    finding = serializers.IntegerField(help_text="网格督导发现问题（VisitFinding）的 id")
    grade = serializers.ChoiceField(choices=HazardGrade.choices, default=HazardGrade.GENERAL)
    deadline = serializers.DateField(
        required=False, allow_null=True, default=None, help_text="整改期限；不填则为未定期限"
    )


class UrgeSerializer(serializers.Serializer):
    text = serializers.CharField(label="督促意见")


class AssignLeaderSerializer(serializers.Serializer):
    leader = serializers.IntegerField(label="挂包领导（工作人员 id）")
    round = serializers.IntegerField(label="挂包年度", min_value=2000, max_value=2100)
    target_date = serializers.DateField(label="目标完成日期")


class LeaderAssignmentSerializer(ScopedSerializer):
    region = serializers.IntegerField(source="hazard.region_id", read_only=True)
    hazard_title = serializers.CharField(source="hazard.title", read_only=True)
    leader_name = serializers.CharField(source="leader.name", read_only=True)

    class Meta:
        model = LeaderAssignment
        fields = [
            "id",
            "hazard",
            "hazard_title",
            "region",
            "leader",
            "leader_name",
            "round",
            "assigned_on",
            "target_date",
            "status",
            "completed_on",
        ]
        read_only_fields = fields


class SupervisionProgressSerializer(serializers.ModelSerializer):
    region = serializers.IntegerField(source="item.region_id", read_only=True)

    class Meta:
        model = SupervisionProgress
        fields = ["id", "item", "region", "month", "text", "percent", "reported_by", "updated_at"]
        read_only_fields = ["item", "reported_by", "updated_at"]


class RiskPointSerializer(ScopedSerializer):
    region_name = serializers.CharField(source="region.name", read_only=True)

    class Meta:
        model = RiskPoint
        fields = [
            "id",
            "name",
            "period",
            "kind",
            "industry",
            "enterprise",
            "region",
            "region_name",
            "address",
            "longitude",
            "latitude",
            "control_level",
            "responsible_person",
            "responsible_phone",
            "measures",
            "method",
            "likelihood",
            "severity",
            "exposure",
            "consequence",
            "score",
            "grade",
            "review",
            "previous",
            "created_at",
        ]
        read_only_fields = ["score", "review", "previous", "created_at"]
        extra_kwargs = {"grade": {"required": False}}


class ReviewSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=[(v, RiskPointReview.label(v)) for v in RiskPointReview.DECISIONS])
    method = serializers.ChoiceField(choices=AssessmentMethod.choices, required=False)
    likelihood = serializers.DecimalField(max_digits=6, decimal_places=2, required=False)
    severity = serializers.DecimalField(max_digits=6, decimal_places=2, required=False)
    exposure = serializers.DecimalField(max_digits=6, decimal_places=2, required=False)
    consequence = serializers.DecimalField(max_digits=6, decimal_places=2, required=False)
    grade = serializers.CharField(required=False)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class CarryForwardSerializer(serializers.Serializer):
    from_period = serializers.CharField(max_length=6)
    to_period = serializers.CharField(max_length=6)
