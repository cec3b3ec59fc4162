"""The monthly workbook opens in a real spreadsheet program (LibreOffice Calc, headless)."""

import datetime
import re
import shutil
import subprocess

import pytest
from openpyxl import load_workbook

from grid.tests.factories import EnterpriseFactory
from hazards.tests.factories import HazardFactory
from sanming_safety.bulletin import write_bulletin

SOFFICE = shutil.which("soffice")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed (apt-get install libreoffice-calc-nogui)")
def test_libreoffice_opens_the_bulletin_and_prints_every_sheet(cast, tmp_path):
    EnterpriseFactory(region=cast.township_a, risk_grade="red")
    HazardFactory(region=cast.township_a, grade="major", found_on=datetime.date(2026, 10, 8))
    workbook = tmp_path / "bulletin.xlsx"
    workbook.write_bytes(write_bulletin(datetime.date(2026, 10, 1), cast.city).getvalue())
    profile = tmp_path / "profile"
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(workbook),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = (tmp_path / "bulletin.pdf").read_bytes()
    assert pdf.startswith(b"%PDF")
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", pdf))
    assert pages >= len(load_workbook(workbook, read_only=True).sheetnames)
