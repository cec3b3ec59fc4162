"""The issued bulletin's workbook and document open in a real office suite (LibreOffice, headless)."""

import datetime

from openpyxl import load_workbook

from grid.tests.factories import EnterpriseFactory
from hazards.tests.factories import HazardFactory
from sanming_safety.services import draft_bulletin, issue_bulletin
from tests.office import needs_office, pdf_pages, to_pdf


@needs_office
def test_libreoffice_opens_the_issued_workbook_and_document(cast, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    EnterpriseFactory(region=cast.township_a, risk_grade="red")
    HazardFactory(
        region=cast.township_a, grade="major", found_on=datetime.date(2026, 5, 8), deadline=datetime.date(2026, 6, 1)
    )
    issue, _ = draft_bulletin(month=datetime.date(2026, 10, 1), region=cast.city)
    issue = issue_bulletin(
        issue=issue, by=cast.user_city, issued_on=datetime.date(2026, 11, 5), issuing_body="三明市安全生产委员会办公室"
    )
    workbook, document = tmp_path / "bulletin.xlsx", tmp_path / "bulletin.docx"
    workbook.write_bytes(issue.file.read())
    document.write_bytes(issue.document.read())
    pdf = to_pdf(workbook)
    assert pdf.startswith(b"%PDF")
    assert pdf_pages(pdf) >= len(load_workbook(workbook, read_only=True).sheetnames)
    pdf = to_pdf(document)
    assert pdf.startswith(b"%PDF")
    assert pdf_pages(pdf) >= 2  # the text on A4 portrait, the annex tables on landscape pages
