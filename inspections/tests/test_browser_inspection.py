"""A township official records an inspection with findings and a photo on a phone-sized page
(390 px wide): the checklist of the unit's industry comes in as the unit is chosen, findings are
added as needed, and the hazards they open link back to the inspection."""

import io
import re
from urllib.parse import urlparse

import pytest
from PIL import Image

from grid.tests.factories import EnterpriseFactory
from hazards.models import Hazard
from tests.test_browser import PHONE, browser, session_factory  # noqa: F401 (fixtures)

from ..models import Inspection
from .factories import checklists, make_team

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def photo(tmp_path):
    path = tmp_path / "exit.png"
    buffer = io.BytesIO()
    Image.new("RGB", (16, 16), "red").save(buffer, "PNG")
    path.write_bytes(buffer.getvalue())
    return str(path)


def test_an_inspection_with_findings_is_recorded_on_a_phone(cast, session_factory, photo, settings, tmp_path):  # noqa: F811
    settings.MEDIA_ROOT = tmp_path
    checklists()
    team = make_team(cast.township_a, leader=cast.user_a.official)
    enterprise = EnterpriseFactory(region=cast.township_a, name="三明列东燃气站", industry="gas")
    session = session_factory(PHONE)
    page = session.page
    session.login("township_a")
    session.goto("/inspections/records/new/")
    assert page.locator("h1").inner_text() == "登记检查记录"
    assert session.fits_width()
    # Only one campaign and one team are the township's: both are chosen already, and today is in the 3rd phase.
    assert page.locator("#id_team").input_value() == str(team.pk)
    assert page.locator("#id_phase").input_value() == "local"

    page.fill("#id_enterprise", f"{enterprise.name}（#{enterprise.pk}）")
    with page.expect_response(re.compile(r"/inspections/records/checklist/")):
        page.locator("#id_enterprise").dispatch_event("change")
    items = page.locator("#checklist .checklist-item")
    items.first.wait_for()
    assert "燃气经营许可证在有效期内" in page.locator("#checklist").inner_text()
    for index in range(items.count()):
        outcome = "fail" if index == 1 else "pass"
        items.nth(index).locator(f"input[value='{outcome}']").check()
    page.locator("label.check-item", has_text="四不两直").locator("input").check()
    page.locator("label.check-item", has_text="对表检查").locator("input").check()
    page.locator("input[name='result'][value='failed']").check()
    page.fill("#id_documents", "责令限期整改指令书")
    page.fill("#id_document_number", "（列）责改〔2026〕7号")

    page.fill("#id_findings-0-description", "调压设施安全间距不足")
    page.set_input_files("#id_findings-0-photos", photo)
    page.click("#add-finding")
    page.fill("#id_findings-1-description", "瓶装液化石油气充装记录缺失")
    page.select_option("#id_findings-1-grade", "major")
    assert session.fits_width()
    with page.expect_navigation():
        page.click("button.btn-submit")

    inspection = Inspection.objects.get()
    assert urlparse(page.url).path == inspection.get_absolute_url()
    assert "检查记录已保存，2 个问题已登记为隐患。" in page.locator(".alert-success").inner_text()
    assert page.locator("#open-badge").inner_text() == "不合格，待复查合格"
    findings = page.locator("#inspection-findings").inner_text()
    assert "调压设施安全间距不足" in findings and "瓶装液化石油气充装记录缺失" in findings
    assert page.locator("#inspection-findings img").count() == 1
    assert page.locator("#inspection-findings img").evaluate("img => img.naturalWidth") == 16
    assert session.fits_width()
    hazards = Hazard.objects.filter(source="department_inspection", enterprise=enterprise)
    assert sorted(hazards.values_list("grade", flat=True)) == ["general", "major"]

    # The hazard opened from the first finding shows its photo and links back to the inspection.
    page.locator("#inspection-findings a", has_text="调压设施安全间距不足").click()
    page.wait_for_load_state()
    assert page.locator("#hazard-source a").get_attribute("href") == inspection.get_absolute_url()
    assert page.locator("img[alt^='现场照片']").count() == 1
    page.screenshot(path=str(tmp_path / "hazard.png"))
