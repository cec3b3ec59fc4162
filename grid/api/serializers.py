from rest_framework import serializers

from sanming_safety.api import ScopedSerializer

from ..models import Department, Enterprise, Region


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
