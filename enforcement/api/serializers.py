from rest_framework import serializers

from base.api import ScopedSerializer

from ..models import ViolationPromptItem


class ViolationPromptItemSerializer(ScopedSerializer):
    # An item belongs to its version's region.
    region = serializers.IntegerField(source="version.region_id", read_only=True)

    class Meta:
        model = ViolationPromptItem
        fields = [
            "id",
            "region",
            "version",
            "number",
            "title",
            "description",
            "legal_basis",
            "penalty_range",
            "industries",
        ]
