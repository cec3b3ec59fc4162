"""Who drafts, edits, issues and reads which 督查通报; the monthly job; two issues at once."""

import datetime
import importlib
import io
import threading
import time

import pytest
from django.apps import apps as django_apps
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from sanming_safety import services
from sanming_safety.models import BulletinIssue

ISSUED_ON = datetime.date(2026, 11, 5)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def listed(client, **params) -> list[int]:
    return [issue.pk for issue in client.get(reverse("bulletin_list"), params).context["object_list"]]


def test_the_monthly_job_drafts_each_bulletin_once_and_issues_none(cast):
    for _ in range(2):
        call_command("run_jobs", "monthly", "--date", "2026-11-01", stdout=io.StringIO())
    assert BulletinIssue.objects.count() == 12  # the city and its 11 counties
    assert set(BulletinIssue.objects.values_list("status", "number", "month")) == {
        ("draft", None, datetime.date(2026, 10, 1))
    }
    county = BulletinIssue.objects.get(region=cast.county)
    assert county.overview.startswith("2026年10月，三元区安全生产工作各项机制运行情况如下")
    assert county.problems == "本月各乡镇（街道）和各有关部门未发现需要通报的突出问题。"


def test_drafts_are_their_own_offices_issues_are_read_below(cast, login):
    county, _ = services.draft_bulletin(month=datetime.date(2026, 10, 1), region=cast.county)
    city, _ = services.draft_bulletin(month=datetime.date(2026, 10, 1), region=cast.city)
    other, _ = services.draft_bulletin(month=datetime.date(2026, 10, 1), region=cast.other_county)
    assert listed(login(cast.user_county)) == [county.pk]
    assert listed(login(cast.user_city)) == [city.pk]  # the counties' drafts are theirs until issued
    for user in (cast.user_a, cast.user_department, cast.user_leader):
        assert listed(login(user)) == []
    assert login(cast.user_a).get(reverse("bulletin_detail", args=[county.pk])).status_code == 404
    services.issue_bulletin(issue=county, by=cast.user_county, issued_on=ISSUED_ON, issuing_body="三元区安委办")
    services.issue_bulletin(issue=city, by=cast.user_city, issued_on=ISSUED_ON, issuing_body="三明市安委办")
    assert listed(login(cast.user_a)) == [city.pk, county.pk]
    assert listed(login(cast.user_other_county)) == [city.pk, other.pk]
    assert listed(login(cast.user_city), status="issued") == [city.pk, county.pk]
    assert listed(login(cast.user_city), region=cast.county.code) == [county.pk]
    response = login(cast.user_other_county).get(reverse("bulletin_download", args=[county.pk, "xlsx"]))
    assert response.status_code == 404
    response = login(cast.user_a).get(reverse("bulletin_download", args=[county.pk, "xlsx"]))
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert workbook["封面"]["A2"].value == "2026年第1期"


def test_drafting_a_month_on_the_page(cast, login):
    client = login(cast.user_county)
    response = client.post(reverse("bulletin_draft"), {"month": "2026-09"})
    issue = BulletinIssue.objects.get(region=cast.county)
    assert response.url == reverse("bulletin_detail", args=[issue.pk])
    assert issue.month == datetime.date(2026, 9, 1) and issue.problems
    assert client.post(reverse("bulletin_draft"), {"month": "2026-09"}).url == response.url
    for month, message in [("2026-13", "“月份”格式应为 YYYY-MM"), ("2099-01", "“月份”不能晚于本月")]:
        page = client.post(reverse("bulletin_draft"), {"month": month}, follow=True)
        assert message in page.content.decode()
    assert BulletinIssue.objects.count() == 1
    assert login(cast.user_a).post(reverse("bulletin_draft"), {"month": "2026-09"}).status_code == 403


def test_editing_and_issuing_on_the_page_with_clear_errors(cast, login):
    issue, _ = services.draft_bulletin(month=datetime.date(2026, 10, 1), region=cast.county)
    url = reverse("bulletin_detail", args=[issue.pk])
    text = {"overview": "一月情况", "problems": "列东街道重大隐患逾期1条。", "requirements": "抓紧整改。"}
    # The city's office reads the county's draft only once issued, and never edits it.
    assert login(cast.user_city).post(url, {"action": "save", **text}).status_code == 404
    client = login(cast.user_county)
    response = client.post(url, {"action": "save", **text, "overview": ""})
    assert "请填写“一、总体情况”" in response.content.decode()
    client.post(url, {"action": "save", **text})
    issue.refresh_from_db()
    assert (issue.overview, issue.status) == ("一月情况", "draft")
    bad = {"issuing_body": "三元区安委办", "issued_on": "2026-09-30", "document_number": "第5号"}
    response = client.post(url, {"action": "issue", **text, **bad})
    page = response.content.decode()
    assert "“签发日期”不能早于通报月份" in page and "“文号”格式应如：明安委办〔2026〕5号" in page
    issue.refresh_from_db()
    assert (issue.status, issue.number) == ("draft", None)
    good = {"issuing_body": "三元区安委办", "issued_on": "2026-11-05", "document_number": "三安委办〔2026〕3号"}
    client.post(url, {"action": "issue", **text, **good})
    issue.refresh_from_db()
    assert (issue.status, issue.number, issue.document_number) == ("issued", 1, "三安委办〔2026〕3号")
    assert issue.issued_by == cast.user_county
    page = client.get(url).content.decode()
    assert "2026年第1期" in page and "保存草稿" not in page


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the second issue waits on the region's row lock (select_for_update), which only PostgreSQL takes; "
    "SQLite ignores it and refuses the second writer (database table is locked)",
)
@pytest.mark.django_db(transaction=True)
def test_two_issues_at_once_never_share_a_number(cast, monkeypatch):
    write = services.write_bulletin

    def slowly(*args):
        time.sleep(1)  # between giving the number and saving it: the other issue runs meanwhile
        return write(*args)

    monkeypatch.setattr(services, "write_bulletin", slowly)
    drafts = [services.draft_bulletin(month=datetime.date(2026, month, 1), region=cast.county)[0] for month in (9, 10)]
    errors = []

    def issue(draft):
        try:
            services.issue_bulletin(issue=draft, by=cast.user_county, issued_on=ISSUED_ON, issuing_body="三元区安委办")
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=issue, args=(draft,)) for draft in drafts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(BulletinIssue.objects.values_list("number", flat=True)) == [1, 2]


def test_a_second_draft_run_at_the_same_time_neither_fails_nor_drafts_twice(cast, monkeypatch):
    original = services.draft_text
    month = datetime.date(2026, 10, 1)

    def second_run_meanwhile(month, region):
        # While this run writes the text, another `run_jobs monthly` drafts the same month.
        monkeypatch.setattr(services, "draft_text", original)
        services.draft_bulletin(month=month, region=region)
        return original(month, region)

    monkeypatch.setattr(services, "draft_text", second_run_meanwhile)
    issue, created = services.draft_bulletin(month=month, region=cast.county)
    assert not created
    assert BulletinIssue.objects.filter(region=cast.county).count() == 1


def test_the_list_and_a_bulletins_page_take_the_same_queries_at_two_sizes(cast, login):
    client = login(cast.user_county)

    def queries(url) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    def issued(month: int) -> BulletinIssue:
        draft, _ = services.draft_bulletin(month=datetime.date(2026, month, 1), region=cast.county)
        return services.issue_bulletin(
            issue=draft, by=cast.user_county, issued_on=ISSUED_ON, issuing_body="三元区安委办"
        )

    first = issued(1)
    draft, _ = services.draft_bulletin(month=datetime.date(2026, 10, 1), region=cast.county)
    small = [queries(reverse("bulletin_list")), queries(reverse("bulletin_detail", args=[draft.pk]))]
    for month in range(2, 8):
        issued(month)
    for words in ("一", "二", "三"):
        services.save_draft(issue=draft, overview=words, problems=words, requirements=words)
    assert [queries(reverse("bulletin_list")), queries(reverse("bulletin_detail", args=[draft.pk]))] == small
    assert first.number == 1 and BulletinIssue.objects.get(month=datetime.date(2026, 7, 1)).number == 7


def test_workbooks_archived_before_drafts_become_issues_numbered_by_month(cast):
    migration = importlib.import_module("sanming_safety.migrations.0007_bulletin_drafted_and_issued")
    # As the old monthly job left them: number = month, no status, year or issuing body.
    for month in (9, 10):
        BulletinIssue.objects.create(month=datetime.date(2026, month, 1), region=cast.county, number=month)
    migration.archived_issues_were_issued(django_apps, None)
    assert list(BulletinIssue.objects.order_by("month").values_list("status", "year", "number", "issuing_body")) == [
        ("issued", 2026, 9, "三元区安全生产委员会办公室"),
        ("issued", 2026, 10, "三元区安全生产委员会办公室"),
    ]
    november, _ = services.draft_bulletin(month=datetime.date(2026, 11, 1), region=cast.county)
    assert (
        services.issue_bulletin(issue=november, by=cast.user_county, issued_on=ISSUED_ON, issuing_body="x").number == 11
    )
