"""Validators for Chinese identifiers, with messages an official can act on."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from stdnum.cn import ric, uscc
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength
from stdnum.exceptions import ValidationError as StdnumError


def _explain(error: StdnumError, what: str) -> str:
    if isinstance(error, InvalidLength):
        return f"{what}长度应为18位。"
    if isinstance(error, InvalidChecksum):
        return f"{what}校验位错误，请核对。"
    if isinstance(error, InvalidComponent):
        return f"{what}中的地区码或出生日期无效。"
    if isinstance(error, InvalidFormat):
        return f"{what}格式不正确（含有非法字符）。"
    return f"{what}无效。"


def validate_credit_code(value: str) -> None:
    """统一社会信用代码 (GB 32100): 18 characters with a check character."""
    try:
        uscc.validate(value)
    except StdnumError as error:
        raise ValidationError(_explain(error, "统一社会信用代码"), code="invalid_credit_code") from error


# 三元区 and 沙县区 were re-coded in 2021; python-stdnum's birthplace table predates that.
RECODED_COUNTIES = {"350404", "350405"}


def validate_resident_id(value: str) -> None:
    """居民身份证号码 (GB 11643): 18 characters with a check digit."""
    try:
        ric.validate(value)
    except InvalidComponent as error:
        try:
            ric.get_birth_date(value)
        except StdnumError:
            raise ValidationError(_explain(error, "身份证号码"), code="invalid_resident_id") from error
        if value[:6] not in RECODED_COUNTIES:
            raise ValidationError(_explain(error, "身份证号码"), code="invalid_resident_id") from error
    except StdnumError as error:
        raise ValidationError(_explain(error, "身份证号码"), code="invalid_resident_id") from error


def normalize_code(value: str) -> str:
    """Upper-case and strip spaces, as officials type codes in many ways."""
    return re.sub(r"\s+", "", value or "").upper()


validate_phone = RegexValidator(
    r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$",
    "请输入11位手机号码或带区号的固定电话（如 0598-8234567）。",
    code="invalid_phone",
)
