from rest_framework import serializers

from base.api import ScopedSerializer
from grid.choices import Industry

from ..choices import ClassFormat
from ..forms import CLASS_FIELDS
from ..models import WarningClass


class WarningClassSerializer(ScopedSerializer):
    industries = serializers.ListField(child=serializers.ChoiceField(choices=Industry.choices), allow_empty=False)
    formats = serializers.ListField(child=serializers.ChoiceField(choices=ClassFormat.choices), allow_empty=False)
    invited_count = serializers.IntegerField(read_only=True)
    attended_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = WarningClass
        fields = ["id", "number", "level", "year", "quarter", *CLASS_FIELDS, "invited_count", "attended_count"]
        read_only_fields = ["number", "level", "year", "quarter"]

    def create(self, validated_data):
        validated_data["created_by"] = self.context["request"].user
        return super().create(validated_data)


class CheckInSerializer(serializers.Serializer):
    id_number = serializers.CharField(max_length=20)
    name = serializers.CharField(max_length=32, required=False, allow_blank=True)


class InviteSerializer(serializers.Serializer):
    enterprises = serializers.ListField(child=serializers.IntegerField(min_value=1), allow_empty=False)
