"""A list's export carries the numbers its page shows: the annotations travel with the list's queryset."""

import io

import pytest
from openpyxl import load_workbook

from base.models import Export, Notification

from .test_query_counts import grow, grow_grassroots

# (list, [(export header, attribute the page shows)])
LISTS = [
    ("/grid/grids/", [("网格内单位数", "enterprise_count"), ("督导员数", "supervisor_count")]),
    (
        "/grid/fire-stations/",
        [("专职在岗", "full_time_filled"), ("兼职在岗", "part_time_filled"), ("小场所检查", "inspection_count")],
    ),
    ("/grid/visits/", [("发现问题", "finding_count")]),
    ("/grid/houses/", [("检查次数", "inspection_count")]),
    ("/grid/guides/", [("发送人数", "receipt_total"), ("已签收", "receipt_read")]),
    (
        "/grid/assessments/",
        [
            ("督导次数", "activity_visits"),
            ("覆盖单位", "activity_enterprises"),
            ("发现问题", "activity_findings"),
            ("签收指南", "activity_guides"),
        ],
    ),
]


def exported(content: bytes, headers: list[str]) -> list[list]:
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    columns = [rows[0].index(header) for header in headers]
    return [[row[index] for index in columns] for row in rows[1:]]


def shown(client, url: str, attributes: list[str]) -> list[list]:
    page = client.get(url, {"page_size": 200})
    return [[getattr(obj, name) for name in attributes] for obj in page.context["object_list"]]


@pytest.fixture
def data(cast):
    grow(cast, 3)
    grow_grassroots(cast, [cast.township_a, cast.township_b])


@pytest.mark.parametrize(("url", "cells"), LISTS)
def test_the_export_has_the_numbers_the_page_shows(cast, login, data, url, cells):
    client = login(cast.user_county)
    headers, attributes = zip(*cells, strict=True)
    on_page = shown(client, url, list(attributes))
    assert on_page and any(any(row) for row in on_page)
    response = client.get(url, {"export": "xlsx"})
    assert exported(response.content, list(headers)) == on_page


@pytest.mark.parametrize(("url", "cells"), LISTS[:2])
def test_the_background_export_has_them_too(
    cast, login, data, settings, tmp_path, django_capture_on_commit_callbacks, url, cells
):
    settings.EXPORT_SYNC_ROWS = -1
    settings.MEDIA_ROOT = tmp_path
    client = login(cast.user_county)
    headers, attributes = zip(*cells, strict=True)
    on_page = shown(client, url, list(attributes))
    with django_capture_on_commit_callbacks(execute=True):
        client.get(url, {"export": "xlsx"})
    assert Export.objects.get().status == Export.Status.DONE
    download = client.get(Notification.objects.get(recipient=cast.user_county, kind="export").url)
    assert exported(b"".join(download.streaming_content), list(headers)) == on_page
