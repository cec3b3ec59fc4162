"""Validators for Chinese identifiers, with messages an official can act on."""

import datetime
import functools
import re

from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator, RegexValidator
from PIL import Image
from stdnum.cn import ric, uscc
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.util import isdigits


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
    """居民身份证号码 (GB 11643): 18 characters with a check digit, a real birth date and a known county."""
    try:
        number = ric.compact(value)
        if len(number) != 18:
            raise InvalidLength()
        if not isdigits(number[:-1]):
            raise InvalidFormat()
        if number[-1] != ric.calc_check_digit(number):
            raise InvalidChecksum()
        ric.get_birth_date(number)
    except StdnumError as error:
        raise ValidationError(_explain(error, "身份证号码"), code="invalid_resident_id") from error
    if number[:6] not in RECODED_COUNTIES and not _known_birthplace(number[:6]):
        raise ValidationError(_explain(InvalidComponent(), "身份证号码"), code="invalid_resident_id")


@functools.lru_cache(maxsize=8192)
def _known_birthplace(code: str) -> bool:
    """Whether python-stdnum knows the county code; its table is scanned, which costs milliseconds (an import's
    thousands of rows share a few codes)."""
    try:
        ric.get_birth_place(code)
    except StdnumError:
        return False
    return True


def normalize_code(value: str) -> str:
    """Upper-case and strip spaces, as officials type codes in many ways."""
    return re.sub(r"\s+", "", value or "").upper()


validate_phone = RegexValidator(
    r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$",
    "请输入11位手机号码或带区号的固定电话（如 0598-8234567）。",
    code="invalid_phone",
)


# Fujian lies within these bounds; a swapped or mistyped pair falls outside.
FUJIAN_LONGITUDE = (115, 121)
FUJIAN_LATITUDE = (23, 29)


def validate_coordinates(longitude, latitude) -> None:
    """经度/纬度: both or neither, and inside Fujian. Raises errors keyed by field, for a model's ``clean``."""
    if (longitude is None) != (latitude is None):
        raise ValidationError({"latitude": "经度和纬度须同时填写或同时留空。"})
    if longitude is not None and not (
        FUJIAN_LONGITUDE[0] <= longitude <= FUJIAN_LONGITUDE[1] and FUJIAN_LATITUDE[0] <= latitude <= FUJIAN_LATITUDE[1]
    ):
        raise ValidationError({"longitude": "坐标不在福建省范围内，请核对经纬度。"})


MAX_PHOTO_BYTES = 5 * 1024 * 1024
PHOTO_FORMATS = {"JPEG", "PNG", "WEBP"}
PHOTO_FORMAT_MESSAGE = "照片须为 JPG、PNG 或 WEBP 图片。"
# Photos are served with a type guessed from their name, so the name must say image too.
_photo_extensions = FileExtensionValidator(["jpg", "jpeg", "png", "webp"], message=PHOTO_FORMAT_MESSAGE)


def validate_photo(upload) -> None:
    """Refuse files over 5 MB and anything Pillow does not decode as a JPEG, PNG or WEBP image."""
    if getattr(upload, "_committed", False):
        return  # a stored photo was checked when it was uploaded
    if upload.size > MAX_PHOTO_BYTES:
        raise ValidationError("照片不能超过 5 MB。", code="photo_too_large")
    _photo_extensions(upload)
    if _decoded_format(upload) not in PHOTO_FORMATS:
        raise ValidationError(PHOTO_FORMAT_MESSAGE, code="invalid_photo")


def _decoded_format(upload) -> str | None:
    """The image format Pillow finds in ``upload`` after verifying it, or None."""
    image = getattr(upload, "image", None)
    if image is not None:
        return image.format  # forms.ImageField has decoded and verified it already
    try:
        upload.seek(0)
        with Image.open(upload) as decoded:
            decoded.verify()
            return decoded.format
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return None
    finally:
        upload.seek(0)


# Dates an official records fall in these years; a year 115 (a typo for 2015) is refused, not stored.
DATE_YEARS = (1900, 2100)


def implausible_dates(values: dict) -> dict[str, str]:
    """Field → message for every date or time in ``values`` outside ``DATE_YEARS``."""
    low, high = DATE_YEARS
    return {
        name: f"日期须在{low}年至{high}年之间，请核对年份。"
        for name, value in values.items()
        if isinstance(value, datetime.date) and not low <= value.year <= high
    }
