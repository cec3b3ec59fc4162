"""The jurisdiction contract, composed from capabilities and inherited by every scoped model's tests.

A test class picks the level its rows belong to, then the capabilities the
model's pages and API have, and says how to make a row in a region::

    class TestCraftsmanScoping(TownshipRows, ScopedPages, ScopedEdit, ScopedImport, ScopedExport, ScopedApiWrites):
        model = Craftsman

        def make(self, region): ...

A model without an import page does not inherit ``ScopedImport``; nothing is
skipped. Page names, the API address and the importer come from the model's
registration (``base.registry.registration_of``); a model not registered yet
names them (``url_prefix``, ``api_url``, ``importer_class``).

Levels:

- ``TownshipRows``: township A sees and changes only A's rows, township B
  gets 404 on A's, the county sees its townships only, and the city sees all.
- ``KeptRows``: rows of a township kept by the office above it (``scope_keeper``: a class's
  attendance, kept by its organiser): the county changes its own, township A reads A's,
  township B and the other county see none of them.
- ``CountyRows``: county A sees and changes only its rows, county B gets 404,
  the city sees all, and a township of county A reads them only where the
  model publishes them downwards (``township_reads``), and never changes them.

``ScopedByDepartment`` adds the regulator's rule: a department official sees
the rows of the enterprises its kind regulates, and gets 404 on the others.
"""

import datetime
import decimal
import functools
import importlib
import io
import pkgutil

import pytest
from django.apps import apps
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from base.excel import _excel_value
from base.registry import registration_of
from grid.models import Department


def api_ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def workbook_rows(response) -> list[tuple]:
    """The rows of an Excel download, header first."""
    assert response.status_code == 200, response.content[:500]
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).worksheets[0]
    return [tuple("" if value is None else value for value in row) for row in sheet.iter_rows(values_only=True)]


class Contract:
    """What every capability needs: the model, its rows in a fixed cast of regions, and its addresses."""

    model: type
    # For a model whose pages are not registered: "hazards:thing" names hazards:thing_list, hazards:thing_detail, …
    url_prefix: str = ""
    api_url: str = ""
    importer_class = None
    # Where a row's region comes from another record (a visit's enterprise, a
    # staff post's station), the API refusal names that field instead.
    refused_fields: tuple[str, ...] = ("region",)

    # Set by the level: which cast region each row is made in, and who sees which rows.
    regions: dict[str, str]
    own: str
    neighbour: str
    # Officials below the rows' region: they never change them, whether or not they read them.
    below: tuple[str, ...]

    def visible(self) -> dict[str, set[str]]:
        """User (a cast attribute) → the rows they see, of ``rows``."""
        raise NotImplementedError

    def make(self, region):
        """A saved row in ``region``."""
        raise NotImplementedError

    def region_id_of(self, obj) -> int:
        """The region the saved ``obj`` belongs to."""
        return obj.region_id

    @classmethod
    def registration(cls):
        return registration_of(cls.model)

    def url(self, page: str, *args) -> str:
        registration = self.registration()
        if registration is not None and page in registration.pages:
            return reverse(registration.url_name(page), args=args)
        return reverse(f"{self.url_prefix}_{page}", args=args)

    def api(self, pk: int | None = None) -> str:
        registration = self.registration()
        if registration is not None:
            base = f"/api/v1/{registration.app_label}/{registration.api_path or registration.path}/"
        else:
            base = self.api_url
        return base if pk is None else f"{base}{pk}/"

    def importer(self):
        registration = self.registration()
        return registration.importer if registration is not None else self.importer_class

    @pytest.fixture
    def rows(self, cast):
        self.cast = cast
        return {key: self.make(getattr(cast, region)) for key, region in self.regions.items()}

    def listed(self, client, **params) -> set[int]:
        response = client.get(self.url("list"), {"page_size": 200, **params})
        assert response.status_code == 200
        return {obj.pk for obj in response.context["object_list"]}

    def pks(self, rows, keys) -> set[int]:
        return {rows[key].pk for key in keys}


class TownshipRows(Contract):
    """Rows that belong to a township (or to a record of one)."""

    regions = {"a": "township_a", "b": "township_b", "other": "other_township"}
    own, neighbour = "user_a", "user_b"
    below: tuple[str, ...] = ()

    def visible(self):
        return {"user_a": {"a"}, "user_b": {"b"}, "user_county": {"a", "b"}}


class KeptRows(Contract):
    """Rows of a township kept by its county (``scope_keeper``); the township reads them, never changes them."""

    regions = {"a": "township_a", "b": "other_township"}
    own, neighbour = "user_county", "user_other_county"
    below = ("user_a",)

    def visible(self):
        return {"user_county": {"a"}, "user_other_county": {"b"}, "user_a": {"a"}, "user_b": set()}


class CountyRows(Contract):
    """Rows that belong to a county."""

    regions = {"a": "county", "b": "other_county"}
    own, neighbour = "user_county", "user_other_county"
    below = ("user_a",)
    # Whether a township reads the rows of its county (published guides); it never changes them.
    township_reads = False

    def visible(self):
        return {"user_county": {"a"}, "user_other_county": {"b"}, "user_a": {"a"} if self.township_reads else set()}


class ScopedList(Contract):
    def test_each_official_lists_the_rows_of_their_jurisdiction_only(self, cast, rows, login):
        for user, keys in self.visible().items():
            assert self.listed(login(getattr(cast, user))) == self.pks(rows, keys), user

    def test_the_city_lists_every_row(self, cast, rows, login):
        assert self.pks(rows, rows) <= self.listed(login(cast.user_city))


class ScopedDetail(Contract):
    def test_a_row_outside_the_jurisdiction_is_not_found(self, cast, rows, login):
        for user, keys in self.visible().items():
            client = login(getattr(cast, user))
            for key, obj in rows.items():
                expected = 200 if key in keys else 404
                assert client.get(self.url("detail", obj.pk)).status_code == expected, (user, key)


class ScopedPages(ScopedList, ScopedDetail):
    """The list and the detail page."""


class ScopedEdit(Contract):
    def form_data(self, obj, region) -> dict:
        """Valid edit-form data that would put ``obj`` in ``region``."""
        raise NotImplementedError

    def test_edit_outside_the_jurisdiction_is_not_found(self, cast, rows, login):
        obj = rows["a"]
        url = self.url("edit", obj.pk)
        client = login(getattr(cast, self.neighbour))
        assert client.get(url).status_code == 404
        assert client.post(url, self.form_data(obj, getattr(cast, self.regions["b"]))).status_code == 404
        for user in self.below:
            assert login(getattr(cast, user)).get(url).status_code == 404, user
        assert login(getattr(cast, self.own)).get(url).status_code == 200

    def test_edit_cannot_move_a_row_out_of_the_jurisdiction(self, cast, rows, login):
        obj = rows["a"]
        response = login(getattr(cast, self.own)).post(
            self.url("edit", obj.pk), self.form_data(obj, getattr(cast, self.regions["b"]))
        )
        assert response.status_code == 200
        assert response.context["form"].errors
        obj.refresh_from_db()
        assert self.region_id_of(obj) == getattr(cast, self.regions["a"]).pk


class ScopedExport(Contract):
    """The list's Excel export: the rows of the user's jurisdiction only.

    That it holds what the page shows, cell by cell, is proved for every list
    by ``tests/test_exports_match_pages.py``.
    """

    # The query that narrows the list to row "a" and its neighbours in the
    # export test; by default the first of region, county or a search for the region's name.
    def export_filter(self, cast, filters) -> dict:
        region = getattr(cast, self.regions["a"])
        if "region" in filters:
            return {"region": region.pk}
        if "county" in filters:
            return {"county": (region if region.level == "county" else region.parent).pk}
        return {"q": region.name}

    def test_export_holds_only_the_rows_of_the_jurisdiction(self, cast, rows, login):
        response = login(getattr(cast, self.own)).get(self.url("list"), {"export": "xlsx"})
        assert len(workbook_rows(response)) - 1 == len(self.visible()[self.own])


class ScopedImport(Contract):
    def import_row(self, region) -> dict:
        """Header → cell of one valid import row in ``region``."""
        raise NotImplementedError

    def test_import_of_a_row_outside_the_jurisdiction_is_refused(self, cast, rows, login):
        before = self.model.objects.count()
        upload = workbook_upload(self.importer(), [self.import_row(getattr(cast, self.regions["b"]))])
        response = import_workbook(login(getattr(cast, self.own)), self.url("import"), upload)
        assert response.status_code == 200
        assert response.context["errors"]
        assert self.model.objects.count() == before


class ScopedApi(Contract):
    """Reads through the API."""

    def test_api_lists_the_rows_of_the_jurisdiction_only(self, cast, rows, client):
        for user, keys in self.visible().items():
            client.force_login(getattr(cast, user))
            assert api_ids(client.get(self.api(), {"page_size": 500})) == self.pks(rows, keys), user

    def test_api_rows_carry_their_region(self, cast, rows, client):
        client.force_login(getattr(cast, self.own))
        assert client.get(self.api(rows["a"].pk)).json()["region"] == getattr(cast, self.regions["a"]).pk

    def test_api_row_outside_the_jurisdiction_is_not_found(self, cast, rows, client):
        client.force_login(getattr(cast, self.neighbour))
        assert client.get(self.api(rows["a"].pk)).status_code == 404
        assert client.get(self.api(rows["b"].pk)).status_code == 200


class ScopedApiWrites(ScopedApi):
    """Reads and writes through the API."""

    def api_data(self, region) -> dict:
        """Valid API create payload for a row in ``region``."""
        raise NotImplementedError

    def test_api_change_outside_the_jurisdiction_is_not_found(self, cast, rows, client):
        client.force_login(getattr(cast, self.neighbour))
        assert client.patch(self.api(rows["a"].pk), {}, content_type="application/json").status_code == 404

    def test_api_create_outside_the_jurisdiction_is_refused(self, cast, rows, client):
        before = self.model.objects.count()
        client.force_login(getattr(cast, self.own))
        response = client.post(
            self.api(), self.api_data(getattr(cast, self.regions["b"])), content_type="application/json"
        )
        assert response.status_code == 400, response.content
        assert set(self.refused_fields) <= set(response.json())
        assert self.model.objects.count() == before


class ScopedByDepartment(Contract):
    """Rows that belong to a regulator: the model declares ``scope_department``.

    Two rows in township A, one regulated by the cast's department (三元区应急管理局)
    and one by another department of the county.
    """

    def regulate(self, obj, department) -> None:
        """Make ``department`` the regulator of ``obj``, along the model's ``scope_department``."""
        *path, last = self.model.scope_department.split("__")
        target = obj
        for name in path:
            target = getattr(target, name)
            assert target is not None, f"make() must give the row its {name}: the department rule goes through it"
        type(target)._base_manager.filter(pk=target.pk).update(**{f"{last}_id": department.pk})

    @pytest.fixture
    def regulated(self, cast):
        self.cast = cast
        ours = cast.user_department.official.department
        theirs = Department.objects.filter(region=ours.region).exclude(kind=ours.kind).first()
        rows = {"ours": self.make(cast.township_a), "theirs": self.make(cast.township_a)}
        self.regulate(rows["ours"], ours)
        self.regulate(rows["theirs"], theirs)
        return rows

    def test_a_department_lists_the_rows_it_regulates_only(self, cast, regulated, login):
        assert self.listed(login(cast.user_department)) == {regulated["ours"].pk}

    def test_a_department_gets_no_rows_another_regulates_from_the_api(self, cast, regulated, client):
        client.force_login(cast.user_department)
        assert api_ids(client.get(self.api(), {"page_size": 500})) == {regulated["ours"].pk}
        assert client.get(self.api(regulated["theirs"].pk)).status_code == 404
        assert client.get(self.api(regulated["ours"].pk)).status_code == 200


def import_workbook(client, url: str, upload):
    """Upload ``upload`` on the import page and, if the preview shows no errors, confirm it."""
    response = client.post(url, {"file": upload})
    if response.status_code != 200 or "token" not in response.context:
        return response
    return client.post(url, {"token": response.context["token"]})


def workbook_upload(importer_class, rows: list[dict], *, name="upload.xlsx"):
    """An uploaded workbook with the importer's importable headers and ``rows`` (header → cell)."""
    workbook = Workbook()
    sheet = workbook.active
    headers = [column.header for column in importer_class.columns if column.field]
    sheet.append(headers)
    for row in rows:
        sheet.append([row.get(header) for header in headers])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def cell_value(value):
    """A cell as the workbook reads it back: what the writer stores, dates as dates, numbers as floats."""
    value = _excel_value(value)
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        # The writer stores a time to the second, as its cell shows it (base.xlsx).
        value = value.replace(microsecond=0)
        return value.date() if value.time() == datetime.time() else value
    if isinstance(value, int | float | decimal.Decimal) and not isinstance(value, bool):
        return float(value)
    return value


@functools.cache
def contract_classes() -> tuple[type, ...]:
    """Every contract test class of the project (their modules are imported to find them)."""

    root = str(settings.BASE_DIR)
    packages = ["tests"] + [f"{c.name}.tests" for c in apps.get_app_configs() if c.path.startswith(root)]
    for package in packages:
        try:
            module = importlib.import_module(package)
        except ModuleNotFoundError:
            continue
        for info in pkgutil.iter_modules(module.__path__):
            if info.name.startswith("test_"):
                importlib.import_module(f"{package}.{info.name}")
    found, queue = [], [Contract]
    while queue:
        cls = queue.pop()
        queue.extend(cls.__subclasses__())
        if cls.__name__.startswith("Test") and "model" in {k for c in cls.__mro__ for k in vars(c)}:
            found.append(cls)
    return tuple(sorted(set(found), key=lambda cls: cls.__qualname__))


def contract_of(model) -> type | None:
    return next((cls for cls in contract_classes() if cls.model is model), None)
