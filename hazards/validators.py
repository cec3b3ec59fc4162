"""Photo uploads: images only, size-limited, checked by decoding, not by file name."""

from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator

MAX_PHOTO_BYTES = 5 * 1024 * 1024
PHOTO_FORMATS = {"JPEG", "PNG", "WEBP"}
_extensions = FileExtensionValidator(["jpg", "jpeg", "png", "webp"], message="照片须为 JPG、PNG 或 WEBP 图片。")


def validate_photo(upload) -> None:
    """Refuse files over 5 MB and anything Pillow does not decode as JPEG, PNG or WEBP."""
    if upload.size > MAX_PHOTO_BYTES:
        raise ValidationError("照片不能超过 5 MB。")
    _extensions(upload)
    image = getattr(upload, "image", None)
    if image is not None and image.format not in PHOTO_FORMATS:
        raise ValidationError("照片须为 JPG、PNG 或 WEBP 图片。")
