import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from PIL import Image

from base.uploads import serve_file
from hazards import services
from hazards.models import HazardPhoto

from .factories import HazardFactory


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def png() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, "PNG")
    return SimpleUploadedFile("site.png", buffer.getvalue(), content_type="image/png")


def rectifying(cast):
    hazard = HazardFactory(region=cast.township_a)
    services.hazard_start_rectification(hazard=hazard, by=cast.user_a)
    return hazard


def test_a_service_refuses_a_photo_that_does_not_decode(cast):
    """Not only forms: a file named .png that is no image is refused wherever it comes from."""
    hazard = rectifying(cast)
    fake = SimpleUploadedFile("site.png", b"not an image", content_type="image/png")
    with pytest.raises(ValidationError, match="照片须为 JPG、PNG 或 WEBP 图片。"):
        services.hazard_report_progress(hazard=hazard, by=cast.user_a, text="进展", percent=10, photos=[fake])
    assert not HazardPhoto.objects.exists()


def test_a_photo_whose_file_is_gone_answers_404(cast, login):
    hazard = rectifying(cast)
    services.hazard_report_progress(hazard=hazard, by=cast.user_a, text="进展", percent=10, photos=[png()])
    photo = HazardPhoto.objects.get()
    client = login(cast.user_a)
    assert client.get(photo.get_absolute_url()).status_code == 200
    photo.image.storage.delete(photo.image.name)
    assert client.get(photo.get_absolute_url()).status_code == 404
    with pytest.raises(Http404, match="照片文件不存在或已被删除。"):
        serve_file(photo.image, missing="照片文件不存在或已被删除。")
