import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook


def upload_rows(rows, name: str = "upload.xlsx") -> SimpleUploadedFile:
    """A workbook of ``rows`` (header first), as uploaded."""
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())
