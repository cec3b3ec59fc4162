import io

from django.urls import reverse
from openpyxl import load_workbook

from base.models import Export, Notification
from grid.tests.factories import EnterpriseFactory


def test_a_large_export_is_written_in_the_background_for_its_requester_only(
    cast, login, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.EXPORT_SYNC_ROWS = 2
    settings.MEDIA_ROOT = tmp_path
    EnterpriseFactory.create_batch(3, region=cast.township_a, industry="mining")
    EnterpriseFactory(region=cast.township_a, industry="construction")
    EnterpriseFactory(region=cast.township_b, industry="mining")
    client = login(cast.user_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("grid:enterprise_list"), {"industry": "mining", "export": "xlsx"})
    assert response.status_code == 302
    assert response.url == "?industry=mining"
    export = Export.objects.get()
    assert (export.user, export.status, export.rows) == (cast.user_a, Export.Status.DONE, 3)
    notice = Notification.objects.get(recipient=cast.user_a, kind="export")
    download = client.get(notice.url)
    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content))).worksheets[0]
    assert sheet.max_row == 1 + 3
    assert login(cast.user_b).get(notice.url).status_code == 404


def test_a_small_export_downloads_at_once(cast, login):
    EnterpriseFactory(region=cast.township_a)
    response = login(cast.user_a).get(reverse("grid:enterprise_list"), {"export": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert not Export.objects.exists()


def test_a_background_export_finds_its_list_by_path(
    cast, login, settings, tmp_path, django_capture_on_commit_callbacks
):
    """Lists declared by a factory (grid's registries) export in the background too."""
    from grid.models import Craftsman

    settings.EXPORT_SYNC_ROWS = -1  # even an empty list goes to the task
    settings.MEDIA_ROOT = tmp_path
    client = login(cast.user_a)
    with django_capture_on_commit_callbacks(execute=True):
        client.get(reverse("grid:craftsman_list"), {"export": "xlsx"})
    export = Export.objects.get()
    assert export.status == Export.Status.DONE
    assert export.rows == Craftsman.objects.for_user(cast.user_a).count()
