"""Large imports run as a background job with a progress page and a notice; small ones stay synchronous."""

import pytest
from django.urls import reverse

from base.models import ImportJob, Notification
from grid.importers import CraftsmanImporter
from grid.models import Craftsman
from grid.tests.factories import resident_id
from tests.scoping import workbook_upload

IMPORT_URL = "/grid/craftsmen/import/"


@pytest.fixture(autouse=True)
def small_sync_limit(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.IMPORT_SYNC_ROWS = 2


def craftsmen(region, count):
    """``count`` valid rows of the craftsman template."""
    return [
        {
            "姓名": f"工匠{n}",
            "身份证号码": resident_id("350404", 700 + n),
            "手机号码": "13800000007",
            "登记地": region.code,
        }
        for n in range(count)
    ]


def test_a_large_workbook_is_checked_in_the_background_then_confirmed_and_announced(
    cast, login, settings, django_capture_on_commit_callbacks
):
    client = login(cast.user_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(IMPORT_URL, {"file": workbook_upload(CraftsmanImporter, craftsmen(cast.township_a, 3))})
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response.url == reverse("import_job", args=[job.pk])
    assert (job.user, job.status, job.rows_total, job.rows_read, job.created) == (cast.user_a, "previewed", 3, 3, 3)
    assert not Craftsman.objects.exists()  # nothing is written before the uploader confirms
    notice = Notification.objects.get(recipient=cast.user_a, kind="import")
    assert notice.text == "导入预览已完成：农村建筑工匠，将新增 3 行、更新 0 行、无变化 0 行，请确认后导入。"
    page = client.get(notice.url).content.decode()
    assert "将新增 3 行、更新 0 行、无变化 0 行" in page and "确认导入" in page
    assert "hx-trigger" not in page  # nothing runs while it waits for the uploader

    with django_capture_on_commit_callbacks(execute=True):
        client.post(job.get_absolute_url())
    job.refresh_from_db()
    assert (job.status, job.created) == ("done", 3)
    assert Craftsman.objects.filter(region=cast.township_a).count() == 3
    assert not job.file  # the stored workbook is deleted once written
    assert not list((settings.MEDIA_ROOT / "imports").rglob("*.xlsx"))
    assert Notification.objects.filter(recipient=cast.user_a, kind="import", text__startswith="导入完成").exists()
    assert "导入成功：新增 3 行、更新 0 行、无变化 0 行" in client.get(job.get_absolute_url()).content.decode()


def test_a_small_workbook_is_still_previewed_at_once(cast, login):
    response = login(cast.user_a).post(
        IMPORT_URL, {"file": workbook_upload(CraftsmanImporter, craftsmen(cast.township_a, 2))}
    )
    assert response.status_code == 200 and response.context["preview"].created == 2
    assert not ImportJob.objects.exists()
    assert not Craftsman.objects.exists()


def test_a_background_import_with_one_bad_row_imports_nothing_and_lists_the_errors(
    cast, login, django_capture_on_commit_callbacks
):
    rows = craftsmen(cast.township_a, 4)
    rows[2]["身份证号码"] = "350404199001011234"
    client = login(cast.user_a)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(IMPORT_URL, {"file": workbook_upload(CraftsmanImporter, rows)})
    job = ImportJob.objects.get()
    assert (job.status, job.created) == ("failed", 0)
    assert not Craftsman.objects.exists()
    notice = Notification.objects.get(recipient=cast.user_a, kind="import")
    assert notice.text == "导入未完成：农村建筑工匠，发现 1 处错误，点击查看。"
    page = client.get(notice.url).content.decode()
    assert "发现 1 处错误，未导入任何数据" in page
    assert "<td>4</td><td>B</td><td>身份证号码</td>" in page


def test_the_job_page_shows_progress_and_polls_while_it_runs(cast, login):
    job = ImportJob.objects.create(
        user=cast.user_a, title="工匠", view=IMPORT_URL, status="checking", rows_total=5000, rows_read=1200
    )
    page = login(cast.user_a).get(job.get_absolute_url()).content.decode()
    assert "已检查 1200 / 5000 行" in page
    assert 'style="width: 24%"' in page
    assert 'hx-trigger="every 2s"' in page and 'hx-select="#import-job"' in page
    assert "<script>" not in page  # CSP: no inline script


def test_another_user_cannot_see_the_job(cast, login):
    job = ImportJob.objects.create(user=cast.user_a, title="工匠", view=IMPORT_URL, status="done", created=3)
    assert login(cast.user_b).get(job.get_absolute_url()).status_code == 404
    assert login(cast.user_admin).get(job.get_absolute_url()).status_code == 404


def test_retried_tasks_do_nothing_twice(cast, login, django_capture_on_commit_callbacks):
    from base.services import import_apply, import_check

    client = login(cast.user_a)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(IMPORT_URL, {"file": workbook_upload(CraftsmanImporter, craftsmen(cast.township_a, 3))})
    job = ImportJob.objects.get()
    assert import_check(job_id=job.pk) is None
    with django_capture_on_commit_callbacks(execute=True):
        client.post(job.get_absolute_url())
    assert import_apply(job_id=job.pk) is None
    assert Craftsman.objects.count() == 3


def test_rows_are_counted_past_a_stale_dimension():
    upload = workbook_upload(CraftsmanImporter, [{"姓名": f"工匠{n}"} for n in range(5)] + [{}] * 3)
    assert CraftsmanImporter().count_rows(upload, limit=100) == 5
    assert CraftsmanImporter().count_rows(upload, limit=2) == 3
