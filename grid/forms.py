from sanming_safety.forms import ScopedModelForm

from .models import Enterprise


class EnterpriseForm(ScopedModelForm):
    class Meta:
        model = Enterprise
        fields = [
            "name",
            "credit_code",
            "industry",
            "region",
            "address",
            "longitude",
            "latitude",
            "department",
            "supervision_level",
            "risk_grade",
            "weak_foundation",
            "principal_name",
            "principal_id_number",
            "principal_phone",
            "status",
        ]
