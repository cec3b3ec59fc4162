"""The jurisdiction contract, written once and inherited by every scoped model's tests.

A subclass names its pages and API and says how to make a row in a region;
it then proves, through the list page, detail, edit, API, Excel export and
import: township A sees and changes only A's rows, township B gets 404 on
A's, the county sees its townships only, and the city sees all.
"""

import io

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook


def api_ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


class ScopingContract:
    list_url_name: str
    detail_url_name: str
    edit_url_name: str | None = None
    api_url: str
    importer_class = None
    import_url_name: str | None = None
    # Where a row's township comes from another record (a visit's enterprise, a
    # staff post's station), the refusal names that field instead.
    refused_fields: tuple[str, ...] = ("region",)

    def region_id_of(self, obj) -> int:
        """The township the saved ``obj`` belongs to."""
        return obj.region_id

    def make(self, region):
        """A saved row in ``region`` (a township)."""
        raise NotImplementedError

    def form_data(self, obj, region) -> dict:
        """Valid edit-form data that would put ``obj`` in ``region``."""
        raise NotImplementedError

    def api_data(self, region) -> dict:
        """Valid API create payload for a row in ``region``."""
        raise NotImplementedError

    def import_row(self, region) -> dict:
        """Header → cell of one valid import row in ``region``."""
        raise NotImplementedError

    @pytest.fixture
    def rows(self, cast):
        return {
            "a": self.make(cast.township_a),
            "b": self.make(cast.township_b),
            "other": self.make(cast.other_township),
        }

    def listed(self, client, **params) -> set[int]:
        response = client.get(reverse(self.list_url_name), {"page_size": 200, **params})
        assert response.status_code == 200
        return {obj.pk for obj in response.context["object_list"]}

    def test_township_list_shows_only_its_rows(self, cast, rows, login):
        assert self.listed(login(cast.user_a)) == {rows["a"].pk}

    def test_county_list_shows_its_townships_only(self, cast, rows, login):
        assert self.listed(login(cast.user_county)) == {rows["a"].pk, rows["b"].pk}

    def test_city_list_shows_all(self, cast, rows, login):
        assert {rows["a"].pk, rows["b"].pk, rows["other"].pk} <= self.listed(login(cast.user_city))

    def test_other_township_detail_is_not_found(self, cast, rows, login):
        client = login(cast.user_b)
        assert client.get(reverse(self.detail_url_name, args=[rows["a"].pk])).status_code == 404
        assert client.get(reverse(self.detail_url_name, args=[rows["b"].pk])).status_code == 200

    def test_other_township_edit_is_not_found(self, cast, rows, login):
        if self.edit_url_name is None:
            pytest.skip("no edit page")
        client = login(cast.user_b)
        url = reverse(self.edit_url_name, args=[rows["a"].pk])
        assert client.get(url).status_code == 404
        assert client.post(url, self.form_data(rows["a"], cast.township_b)).status_code == 404

    def test_edit_cannot_move_row_to_other_township(self, cast, rows, login):
        if self.edit_url_name is None:
            pytest.skip("no edit page")
        obj = rows["a"]
        response = login(cast.user_a).post(
            reverse(self.edit_url_name, args=[obj.pk]), self.form_data(obj, cast.township_b)
        )
        assert response.status_code == 200
        assert response.context["form"].errors
        obj.refresh_from_db()
        assert self.region_id_of(obj) == cast.township_a.pk

    def test_api_list_is_scoped(self, cast, rows, client):
        client.force_login(cast.user_a)
        assert api_ids(client.get(self.api_url, {"page_size": 500})) == {rows["a"].pk}
        client.force_login(cast.user_county)
        assert api_ids(client.get(self.api_url, {"page_size": 500})) == {rows["a"].pk, rows["b"].pk}

    def test_api_rows_carry_region(self, cast, rows, client):
        client.force_login(cast.user_a)
        assert client.get(f"{self.api_url}{rows['a'].pk}/").json()["region"] == cast.township_a.pk

    def test_api_other_township_is_not_found(self, cast, rows, client):
        client.force_login(cast.user_b)
        url = f"{self.api_url}{rows['a'].pk}/"
        assert client.get(url).status_code == 404
        assert client.patch(url, {}, content_type="application/json").status_code == 404

    def test_api_create_in_other_township_is_refused(self, cast, rows, client):
        model = type(rows["a"])
        before = model.objects.count()
        client.force_login(cast.user_a)
        response = client.post(self.api_url, self.api_data(cast.township_b), content_type="application/json")
        assert response.status_code == 400
        assert set(self.refused_fields) <= set(response.json())
        assert model.objects.count() == before

    def test_export_holds_only_own_rows(self, cast, rows, login):
        response = login(cast.user_a).get(reverse(self.list_url_name), {"export": "xlsx"})
        assert response.status_code == 200
        sheet = load_workbook(io.BytesIO(response.content), read_only=True).worksheets[0]
        assert len(list(sheet.iter_rows(min_row=2, values_only=True))) == 1

    def test_import_of_other_township_row_is_refused(self, cast, rows, login):
        if self.importer_class is None:
            pytest.skip("no import")
        model = type(rows["a"])
        before = model.objects.count()
        upload = workbook_upload(self.importer_class, [self.import_row(cast.township_b)])
        response = import_workbook(login(cast.user_a), reverse(self.import_url_name), upload)
        assert response.status_code == 200
        assert response.context["errors"]
        assert model.objects.count() == before


def import_workbook(client, url: str, upload):
    """Upload ``upload`` on the import page and, if the preview shows no errors, confirm it."""
    response = client.post(url, {"file": upload})
    if response.status_code != 200 or "token" not in response.context:
        return response
    return client.post(url, {"token": response.context["token"]})


def workbook_upload(importer_class, rows: list[dict], *, name="upload.xlsx"):
    """An uploaded workbook with the importer's headers and ``rows`` (header → cell)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    workbook = Workbook()
    sheet = workbook.active
    headers = [column.header for column in importer_class.columns if column.field]
    sheet.append(headers)
    for row in rows:
        sheet.append([row.get(header) for header in headers])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())
