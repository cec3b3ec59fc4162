import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from sanming_safety.models import BulletinIssue


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_monthly_job_archives_each_bulletin_once(cast, login):
    for _ in range(2):
        call_command("run_jobs", "monthly", "--date", "2026-11-01")
    assert BulletinIssue.objects.count() == 12  # the city and its 11 counties
    issue = BulletinIssue.objects.get(region=cast.county)
    assert (str(issue.month), issue.number) == ("2026-10-01", 10)
    client = login(cast.user_county)
    assert [i.pk for i in client.get(reverse("bulletin_list")).context["object_list"]] == [issue.pk]
    response = client.get(reverse("bulletin_download", args=[issue.pk]))
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert workbook["封面"]["A1"].value == "三元区安全生产督查通报"
    city_issue = BulletinIssue.objects.get(region=cast.city)
    assert client.get(reverse("bulletin_download", args=[city_issue.pk])).status_code == 404
    assert login(cast.user_a).get(reverse("bulletin_list")).context["object_list"].count() == 0


def test_any_past_month_on_demand_for_own_jurisdiction(cast, login):
    response = login(cast.user_county).get(reverse("bulletin_generate"), {"month": "2026-03"})
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook["封面"]["A2"].value.startswith("2026年第3期")
    assert workbook["封面"]["A1"].value == "三元区安全生产督查通报"
    assert login(cast.user_a).get(reverse("bulletin_generate"), {"month": "2026-03"}).status_code == 403


def test_a_second_run_at_the_same_time_neither_fails_nor_leaves_a_file(cast, settings, monkeypatch):
    from sanming_safety import bulletin

    original = bulletin.write_bulletin
    county = cast.county

    def second_run_meanwhile(month, region):
        # While this run writes the workbook, another `run_jobs monthly` archives the same issue.
        monkeypatch.setattr(bulletin, "write_bulletin", original)
        issue, created = bulletin.archive(month, county)
        assert not created or issue.file
        return original(month, region)

    monkeypatch.setattr(bulletin, "write_bulletin", second_run_meanwhile)
    issue, created = bulletin.archive(datetime.date(2026, 10, 1), county)
    assert BulletinIssue.objects.filter(region=county).count() == 1
    files = [path.name for path in (settings.MEDIA_ROOT / "bulletins").rglob("*.xlsx")]
    assert files == [issue.file.name.rsplit("/", 1)[-1]]
