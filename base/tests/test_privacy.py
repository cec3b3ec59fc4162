"""Personal data by role: ID numbers and phones masked for those who do not need them, full views recorded."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from base.models import PersonalDataAccess
from base.privacy import mask
from grid.demo import resident_id
from grid.models import Craftsman, TipOff
from grid.tests.factories import EnterpriseFactory

ID = resident_id("350403", 4321)


def test_mask_keeps_the_ends():
    assert mask("350403199001014321") == "3504**********4321"
    assert mask("13905981234") == "139****1234"
    assert mask("0598-8234567") == "059*****4567"


@pytest.fixture
def enterprise(cast):
    return EnterpriseFactory(region=cast.township_a, principal_id_number=ID, principal_phone="13905981234")


def api_row(client, user, url):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.json()


def test_leader_reads_an_enterprise_principal_masked(cast, client, enterprise):
    row = api_row(client, cast.user_leader, f"/api/v1/grid/enterprises/{enterprise.pk}/")
    assert row["principal_id_number"] == mask(ID)
    assert row["principal_phone"] == "139****1234"
    assert not PersonalDataAccess.objects.exists()


def test_the_township_that_keeps_the_enterprise_reads_the_full_id_and_the_view_is_recorded(cast, client, enterprise):
    row = api_row(client, cast.user_a, f"/api/v1/grid/enterprises/{enterprise.pk}/")
    assert row["principal_id_number"] == ID
    assert row["principal_phone"] == "13905981234"
    access = PersonalDataAccess.objects.get()
    assert (access.user, access.subject, access.field, access.channel) == (
        cast.user_a,
        enterprise,
        "principal_id_number",
        "api",
    )


def test_a_county_reads_its_townships_craftsmen_ids_masked_and_phones_in_full(cast, client):
    craftsman = Craftsman.objects.create(region=cast.township_a, name="吴国平", id_number=ID, phone="13800000003")
    row = api_row(client, cast.user_county, f"/api/v1/grid/craftsmen/{craftsman.pk}/")
    assert row["id_number"] == mask(ID)
    assert row["phone"] == "13800000003"


def test_a_grid_supervisor_reads_craftsmen_masked(cast, client):
    craftsman = Craftsman.objects.create(region=cast.township_a, name="吴国平", id_number=ID, phone="13800000003")
    row = api_row(client, cast.user_supervisor, f"/api/v1/grid/craftsmen/{craftsman.pk}/")
    assert (row["id_number"], row["phone"]) == (mask(ID), "138****0003")


def test_leaders_enterprise_export_masks_id_numbers_and_phones(cast, login, enterprise):
    response = login(cast.user_leader).get(reverse("grid:enterprise_list"), {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    header = [cell.value for cell in sheet[1]]
    row = {header[index]: cell.value for index, cell in enumerate(sheet[2])}
    assert (row["负责人身份证号"], row["负责人电话"]) == (mask(ID), "139****1234")
    assert not PersonalDataAccess.objects.exists()


def test_the_townships_own_export_has_the_id_number_and_phone_and_records_the_id(cast, login, enterprise):
    response = login(cast.user_a).get(reverse("grid:enterprise_list"), {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert {ID, "13905981234"} <= {cell.value for cell in sheet[2]}
    assert PersonalDataAccess.objects.filter(user=cast.user_a, channel="export").count() == 1


def test_detail_page_shows_the_id_in_full_to_its_township_only(cast, login, enterprise):
    url = reverse("grid:enterprise_detail", args=[enterprise.pk])
    own = login(cast.user_a).get(url).content.decode()
    assert ID in own
    assert PersonalDataAccess.objects.filter(user=cast.user_a, channel="page").count() == 1
    above = login(cast.user_county).get(url).content.decode()
    assert ID not in above
    assert mask(ID) in above


def test_a_tip_off_reporter_is_known_to_the_township_that_handles_it_only(cast, client):
    tip = TipOff.objects.create(
        region=cast.township_a, received_at="2026-10-01T09:00+08:00", reporter_phone="13912345678", content="违规加层"
    )
    assert api_row(client, cast.user_a, f"/api/v1/grid/tip-offs/{tip.pk}/")["reporter_phone"] == "13912345678"
    assert api_row(client, cast.user_county, f"/api/v1/grid/tip-offs/{tip.pk}/")["reporter_phone"] == "139****5678"
