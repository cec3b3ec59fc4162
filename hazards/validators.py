"""Photo uploads: images only, size-limited, checked by decoding, not by file name."""

from django import forms
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


MAX_PHOTOS = 9


class MultipleImageInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleImageField(forms.ImageField):
    """Several photos in one upload field; each is checked like a single one."""

    widget = MultipleImageInput

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("validators", [validate_photo])
        kwargs.setdefault("help_text", f"JPG/PNG/WEBP，每张不超过 5 MB，最多{MAX_PHOTOS}张")
        super().__init__(*args, **kwargs)
        self.widget.attrs.setdefault("accept", "image/jpeg,image/png,image/webp")

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        if len(files) > MAX_PHOTOS:
            raise ValidationError(f"照片最多{MAX_PHOTOS}张。")
        single = super().clean
        return [single(upload, initial) for upload in files]
