"""Attachments are checked by content and size; uploads are downloads unless they are decoded images; pages run
no inline script under a Content-Security-Policy."""

import io
import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from grid.models import SupervisionGuide
from hazards.models import HazardPhoto
from hazards.tests.factories import HazardFactory

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def create_guide(client, cast, attachment):
    data = {
        "region": cast.county.pk,
        "year": 2026,
        "number": 1,
        "month": "2026-11-01",
        "title": "冬季防火",
        "content": "要点",
        "attachment": attachment,
    }
    return client.post(reverse("grid:supervision_guide_create"), data)


def test_html_renamed_pdf_is_refused(cast, login):
    page = SimpleUploadedFile("指南.pdf", b"<html><script>alert(1)</script></html>")
    response = create_guide(login(cast.user_county), cast, page)
    assert response.context["form"].errors["attachment"] == ["文件内容不是 .pdf 格式，请上传原始文件。"]
    assert not SupervisionGuide.objects.exists()


def test_an_attachment_over_the_size_limit_is_refused(cast, login, settings):
    settings.UPLOAD_MAX_ATTACHMENT_MB = 1
    big = SimpleUploadedFile("指南.pdf", PDF + b"0" * (1024 * 1024))
    response = create_guide(login(cast.user_county), cast, big)
    assert response.context["form"].errors["attachment"] == ["附件不能超过 1 MB。"]


def test_a_real_pdf_is_kept_and_downloaded_as_an_attachment(cast, login):
    client = login(cast.user_county)
    assert create_guide(client, cast, SimpleUploadedFile("指南.pdf", PDF)).status_code == 302
    guide = SupervisionGuide.objects.get()
    response = client.get(reverse("grid:supervision_guide_attachment", args=[guide.pk]))
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content) == PDF


def jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, "JPEG")
    return buffer.getvalue()


def test_a_photo_that_decodes_is_shown_inline_as_an_image(cast, login):
    photo = HazardPhoto.objects.create(hazard=HazardFactory(region=cast.township_a), image=ContentFile(jpeg(), "a.jpg"))
    response = login(cast.user_a).get(reverse("hazards:hazard_photo", args=[photo.pk]))
    assert response["Content-Type"] == "image/jpeg"
    assert "attachment" not in response.get("Content-Disposition", "")


def test_a_photo_that_does_not_decode_is_only_a_download(cast, login):
    page = ContentFile(b"<html><script>alert(document.cookie)</script></html>", "a.jpg")
    photo = HazardPhoto.objects.create(hazard=HazardFactory(region=cast.township_a), image=page)
    response = login(cast.user_a).get(reverse("hazards:hazard_photo", args=[photo.pk]))
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Type"] != "text/html"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("path", ["/", "/hazards/map/", "/accounts/login/", "/api/docs/"])
def test_pages_carry_a_policy_and_no_inline_script(cast, login, client, path):
    response = (client if path == "/accounts/login/" else login(cast.user_city)).get(path)
    assert response.status_code == 200
    policy = dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))
    assert policy["script-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    scripts = re.findall(r"<script([^>]*)>", response.content.decode())
    assert scripts
    inline = [attrs for attrs in scripts if "src=" not in attrs and 'type="application/json"' not in attrs]
    assert inline == []
    assert not re.search(r"\son[a-z]+=", response.content.decode())
