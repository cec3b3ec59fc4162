"""Opening what the project writes in a real office suite: LibreOffice, headless, as officials would."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest

SOFFICE = shutil.which("soffice")
needs_office = pytest.mark.skipif(
    SOFFICE is None,
    reason="LibreOffice is not installed (apt-get install libreoffice-calc-nogui libreoffice-writer-nogui)",
)


def convert(path: Path, to: str = "pdf") -> None:
    """LibreOffice converts ``path`` into its folder (``to``: ``pdf`` or a filter such as ``csv:…``),
    with a profile of its own there so parallel runs do not share one."""
    folder = path.parent
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{folder / 'profile'}",
            "--headless",
            "--convert-to",
            to,
            "--outdir",
            str(folder),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )


def to_pdf(path: Path) -> bytes:
    convert(path)
    return path.with_suffix(".pdf").read_bytes()


def pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?!s)", pdf))
