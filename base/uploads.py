"""Uploaded files: attachments checked by their content and size, and served so no browser runs them.

A file's name says nothing about what it holds (an HTML page renamed
``.pdf``), so attachments are checked by their first bytes. Every upload is
served as a download; only a photo that decodes as an image is shown inline.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from PIL import Image, UnidentifiedImageError

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Office 97–2003 and WPS documents
ZIP = b"PK\x03\x04"  # Office Open XML documents
# What an attachment's first bytes must be, by its extension.
ATTACHMENT_SIGNATURES = {"pdf": b"%PDF-", "doc": OLE, "xls": OLE, "wps": OLE, "docx": ZIP, "xlsx": ZIP}
INLINE_IMAGES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}


def validate_attachment(upload) -> None:
    """Refuse an attachment over ``UPLOAD_MAX_ATTACHMENT_MB`` or whose content is not what its extension says."""
    limit = settings.UPLOAD_MAX_ATTACHMENT_MB
    if upload.size > limit * 1024 * 1024:
        raise ValidationError(f"附件不能超过 {limit} MB。", code="too_large")
    extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
    signature = ATTACHMENT_SIGNATURES.get(extension)
    if signature is None:
        raise ValidationError("附件须为 PDF、Word、Excel 或 WPS 文件。", code="invalid_extension")
    upload.seek(0)
    head = upload.read(len(signature))
    upload.seek(0)
    if head != signature:
        raise ValidationError(f"文件内容不是 .{extension} 格式，请上传原始文件。", code="invalid_content")


def serve_file(field_file, *, image: bool = False, filename: str = "", missing: str = "文件不存在或已被删除。"):
    """An uploaded file as a download (with ``image``, inline if it decodes as a JPEG, PNG or WEBP image).

    404 saying ``missing`` when there is none or it is gone from storage. Callers check the user may see
    the owning row first: files are never served straight from MEDIA_ROOT.
    """
    if not field_file:
        raise Http404(missing)
    try:
        handle = field_file.open("rb")
    except OSError as error:
        raise Http404(missing) from error
    if image:
        try:
            with Image.open(handle) as decoded:
                content_type = INLINE_IMAGES.get(decoded.format)
        except (UnidentifiedImageError, OSError, ValueError):
            content_type = None
        handle.seek(0)
        if content_type:
            return _locked_down(FileResponse(handle, content_type=content_type))
    name = filename or field_file.name.rsplit("/", 1)[-1]
    return _locked_down(FileResponse(handle, as_attachment=True, filename=name))


def _locked_down(response: FileResponse) -> FileResponse:
    response["X-Content-Type-Options"] = "nosniff"
    # Opened anyway (a saved HTML file, a PDF viewer), the file may run nothing and reach nothing.
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"
    return response
