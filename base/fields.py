from django.db import models

from .validators import normalize_code, validate_credit_code, validate_resident_id


class CodeField(models.CharField):
    """An 18-character national code, stored upper-case without spaces."""

    def to_python(self, value):
        value = super().to_python(value)
        return normalize_code(value) if value else value


class CreditCodeField(CodeField):
    default_validators = [validate_credit_code]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 18)
        if not args:
            kwargs.setdefault("verbose_name", "统一社会信用代码")
        super().__init__(*args, **kwargs)


class ResidentIdField(CodeField):
    default_validators = [validate_resident_id]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 18)
        if not args:
            kwargs.setdefault("verbose_name", "身份证号码")
        super().__init__(*args, **kwargs)
