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
