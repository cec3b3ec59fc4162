from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers

from base.api import ScopedSerializer
from base.choices import SupervisionLevel
from base.scoping import restrict_choices
from grid.choices import Industry
from hazards.choices import HazardGrade

from .. import services
from ..choices import CheckOutcome, InspectionMethod
from ..models import (
    CampaignPhase,
    ChecklistItem,
    DutyAssignment,
    Evaluation,
    Inspection,
    InspectionCheck,
    InspectionFinding,
    InspectionTeam,
    SelfCheckReport,
    TeamMember,
)


def _refusal(error: DjangoValidationError) -> serializers.ValidationError:
    return serializers.ValidationError(serializers.as_serializer_error(error))


class CampaignPhaseSerializer(ScopedSerializer):
    region = serializers.IntegerField(source="campaign.region_id", read_only=True)

    class Meta:
        model = CampaignPhase
        fields = ["id", "campaign", "region", "kind", "starts_on", "ends_on"]


class DutyAssignmentSerializer(ScopedSerializer):
    region = serializers.IntegerField(source="department.region_id", read_only=True)
    industries = serializers.ListField(child=serializers.ChoiceField(choices=Industry.choices), allow_empty=False)
    supervision_levels = serializers.ListField(
        child=serializers.ChoiceField(choices=SupervisionLevel.choices), allow_empty=False
    )

    class Meta:
        model = DutyAssignment
        fields = ["id", "campaign", "department", "region", "industries", "supervision_levels", "measures", "note"]


class TeamMemberSerializer(serializers.ModelSerializer):
    name = serializers.CharField(max_length=32, required=False, allow_blank=True)

    class Meta:
        model = TeamMember
        fields = ["id", "official", "expert", "name", "profession", "is_expert", "is_professional"]
        read_only_fields = ["id"]


class InspectionTeamSerializer(ScopedSerializer):
    """A team with its members: saved together, refused when experts and professionals are under 80%."""

    members = TeamMemberSerializer(many=True, allow_empty=False)
    leader_name = serializers.CharField(max_length=32, required=False, allow_blank=True)

    class Meta:
        model = InspectionTeam
        fields = ["id", "campaign", "name", "region", "department", "leader", "leader_name", "members", "created_at"]
        read_only_fields = ["created_at"]

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None:
            # The members' officials and experts are limited to the caller's jurisdiction too.
            restrict_choices(fields["members"].child.fields, request.user)
        return fields

    def validate(self, attrs):
        members = attrs.pop("members", None)
        attrs = super().validate(attrs)
        if not attrs.get("leader") and not attrs.get("leader_name") and self.instance is None:
            raise serializers.ValidationError({"leader_name": ["请选择组长或填写组长姓名。"]})
        if members is not None:
            attrs["members"] = members
        return attrs

    def _save(self, team, validated_data):
        members = validated_data.pop("members", None)
        for name, value in validated_data.items():
            setattr(team, name, value)
        rows = [TeamMember(**data) for data in members] if members is not None else list(team.members.all())
        try:
            return services.team_save(team=team, members=rows, by=self.context["request"].user)
        except DjangoValidationError as error:
            raise serializers.ValidationError({"members": error.messages}) from error

    def create(self, validated_data):
        return self._save(InspectionTeam(), validated_data)

    def update(self, instance, validated_data):
        return self._save(instance, validated_data)


class InspectionCheckSerializer(serializers.ModelSerializer):
    item = serializers.PrimaryKeyRelatedField(queryset=ChecklistItem.objects.all())
    outcome = serializers.ChoiceField(choices=CheckOutcome.choices)

    class Meta:
        model = InspectionCheck
        fields = ["item", "outcome"]


class InspectionFindingSerializer(serializers.ModelSerializer):
    grade = serializers.ChoiceField(choices=HazardGrade.choices, default=HazardGrade.GENERAL)

    class Meta:
        model = InspectionFinding
        fields = ["id", "description", "grade", "deadline", "hazard"]
        read_only_fields = ["id", "hazard"]


class InspectionSerializer(ScopedSerializer):
    """An inspection with its checklist and findings; recorded through ``services.inspection_record``
    (each finding opens a hazard). The checklist and findings are fixed once recorded."""

    methods = serializers.ListField(child=serializers.ChoiceField(choices=InspectionMethod.choices), allow_empty=False)
    checks = InspectionCheckSerializer(many=True, required=False)
    findings = InspectionFindingSerializer(many=True, required=False)
    still_open = serializers.BooleanField(source="is_still_open", read_only=True)

    class Meta:
        model = Inspection
        fields = [
            "id",
            "campaign",
            "phase",
            "team",
            "enterprise",
            "region",
            "previous",
            "inspected_on",
            "methods",
            "result",
            "documents",
            "document_number",
            "note",
            "outside_phase",
            "still_open",
            "checks",
            "findings",
            "created_at",
        ]
        read_only_fields = ["region", "created_at"]

    def validate(self, attrs):
        nested = {name: attrs.pop(name) for name in ("checks", "findings") if name in attrs}
        if self.instance is not None and nested:
            raise serializers.ValidationError({next(iter(nested)): ["检查表和发现问题登记后不能修改。"]})
        attrs = super().validate(attrs)
        return {**attrs, **nested}

    def create(self, validated_data):
        checks = {row["item"].pk: row["outcome"] for row in validated_data.pop("checks", [])}
        findings = [
            services.FindingInput(description=row["description"], grade=row["grade"], deadline=row.get("deadline"))
            for row in validated_data.pop("findings", [])
        ]
        try:
            return services.inspection_record(
                inspection=Inspection(**validated_data),
                checks=checks,
                findings=findings,
                by=self.context["request"].user,
            )
        except DjangoValidationError as error:
            raise _refusal(error) from error


class SelfCheckReportSerializer(ScopedSerializer):
    """A self-check report; each of ``problems`` not yet on it opens a hazard (企业自查)."""

    problems = serializers.ListField(child=serializers.CharField(max_length=500), required=False, write_only=True)
    problem_list = serializers.SlugRelatedField(source="problems", slug_field="description", many=True, read_only=True)

    class Meta:
        model = SelfCheckReport
        fields = [
            "id",
            "campaign",
            "enterprise",
            "region",
            "checked_on",
            "items_checked",
            "problems_found",
            "principal_signed",
            "principal_name",
            "note",
            "outside_phase",
            "problems",
            "problem_list",
            "created_at",
        ]
        read_only_fields = ["region", "created_at"]

    def validate(self, attrs):
        problems = attrs.pop("problems", None)
        attrs = super().validate(attrs)
        if problems is not None:
            attrs["problems"] = problems
        return attrs

    def _save(self, report, validated_data):
        problems = validated_data.pop("problems", [])
        for name, value in validated_data.items():
            setattr(report, name, value)
        try:
            return services.self_check_save(report=report, problems=problems, by=self.context["request"].user)
        except DjangoValidationError as error:
            raise _refusal(error) from error

    def create(self, validated_data):
        return self._save(SelfCheckReport(), validated_data)

    def update(self, instance, validated_data):
        return self._save(instance, validated_data)


class EvaluationSerializer(ScopedSerializer):
    """年底一总评 through the API: the grade and comment are signed by the caller (``services.evaluation_enter``)."""

    class Meta:
        model = Evaluation
        fields = ["id", "year", "region", "department", "grade", "comment", "entered_at"]
        read_only_fields = ["entered_at"]
        # The conditional uniqueness (one row per county, one per department) is checked on the
        # model below: DRF's own validator fails on a partial update that leaves out ``department``.
        validators = []

    def validate(self, attrs):
        attrs = super().validate(attrs)
        evaluation = Evaluation(pk=getattr(self.instance, "pk", None))
        evaluation._state.adding = self.instance is None
        for name in ("year", "region", "department"):
            setattr(evaluation, name, attrs.get(name, getattr(self.instance, name, None)))
        try:
            evaluation.validate_constraints()
        except DjangoValidationError as error:
            raise serializers.ValidationError(
                {"year": [f"{evaluation.year}年度已有{evaluation.unit}的总评。"]}
            ) from error
        return attrs

    def create(self, validated_data):
        return services.evaluation_enter(evaluation=Evaluation(**validated_data), by=self.context["request"].user)

    def update(self, instance, validated_data):
        for name, value in validated_data.items():
            setattr(instance, name, value)
        return services.evaluation_enter(evaluation=instance, by=self.context["request"].user)
