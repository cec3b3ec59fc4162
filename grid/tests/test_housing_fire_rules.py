"""Rules of rural houses, tip-offs and the 七个一, and fire-station staffing."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from grid.models import FireStation, FireStationStaff, HouseChief, RuralHouse, SevenOnesItem, TipOff

from .factories import village_of


def errors_of(obj) -> dict:
    with pytest.raises(ValidationError) as caught:
        obj.full_clean()
    return caught.value.message_dict


def house(cast, **kwargs):
    fields = {
        "region": cast.township_a,
        "village": village_of(cast.township_a),
        "owner_name": "林建房",
        "address": "村口12号",
        "floors": 3,
        "area": 240,
        "stage": "applied",
        "applied_on": datetime.date(2026, 3, 1),
        **kwargs,
    }
    return RuralHouse(**fields)


def test_a_house_in_a_village_of_another_township_is_refused(cast):
    assert "不属于" in errors_of(house(cast, village=village_of(cast.township_b)))["village"][0]


def test_each_stage_needs_its_dates_in_order(cast):
    errors = errors_of(house(cast, stage="under_construction", approved_on=datetime.date(2026, 3, 10)))
    assert errors["started_on"] == ["建设阶段为“在建”时须填写开工日期。"]
    errors = errors_of(house(cast, stage="approved", approved_on=datetime.date(2026, 2, 1)))
    assert errors["approved_on"] == ["审批日期不能早于申请日期。"]
    house(cast, stage="approved", approved_on=datetime.date(2026, 3, 5)).full_clean()


def test_floors_are_limited(cast):
    assert "floors" in errors_of(house(cast, floors=7))


def test_the_chiefs_of_a_house_are_of_its_village_township_or_county(cast, login):
    village = village_of(cast.township_a)
    own = [
        HouseChief.objects.create(region=region, name="房长", position="职务", phone="13800000001")
        for region in (cast.county, cast.township_a, village)
    ]
    other = HouseChief.objects.create(region=cast.township_b, name="别处", position="职务", phone="13800000002")
    data = {
        "region": cast.township_a.pk,
        "village": village.pk,
        "owner_name": "林建房",
        "address": "村口12号",
        "floors": 2,
        "area": "100",
        "stage": "applied",
        "applied_on": "2026-03-01",
    }
    client = login(cast.user_county)
    response = client.post("/grid/houses/new/", {**data, "chiefs": [other.pk]})
    assert "chiefs" in response.context["form"].errors
    response = client.post("/grid/houses/new/", {**data, "chiefs": [c.pk for c in own]})
    assert response.status_code == 302
    assert RuralHouse.objects.get().chiefs.count() == 3


def test_a_reward_needs_a_substantiated_tip_off(cast):
    tip = TipOff(
        region=cast.township_a,
        received_at=datetime.datetime(2026, 5, 1, tzinfo=datetime.UTC),
        content="违规加层",
        status="investigating",
        reward=300,
    )
    assert "reward" in errors_of(tip)
    tip.status = "substantiated"
    assert "result" in errors_of(tip)
    tip.result = "已责令整改"
    tip.full_clean()


def test_a_done_item_of_the_seven_ones_needs_evidence(cast):
    item = SevenOnesItem(region=cast.county, item="hotline", status="done")
    assert "evidence" in errors_of(item)


def test_the_seven_ones_table_is_county_by_item(cast, login):
    SevenOnesItem.objects.create(region=cast.county, item="hotline", status="done", evidence="12345热线")
    SevenOnesItem.objects.create(region=cast.other_county, item="policy", status="in_progress")
    response = login(cast.user_city).get("/grid/seven-ones/")
    rows = {row["region"].name: row for row in response.context["rows"]}
    assert len(rows) == 11 and len(rows["三元区"]["cells"]) == 7
    assert rows["三元区"]["done"] == 1
    county_rows = login(cast.user_county).get("/grid/seven-ones/").context["rows"]
    assert [row["region"] for row in county_rows] == [cast.county]


def test_staffing_counts_staff_in_post_against_posts(cast):
    station = FireStation.objects.create(
        region=cast.township_a,
        name="列东消防所",
        established_on=datetime.date(2021, 5, 1),
        full_time_posts=2,
        part_time_posts=2,
    )
    for name, role, left in [
        ("甲", "full_time", None),
        ("乙", "full_time", datetime.date(2025, 1, 1)),
        ("丙", "part_time", None),
        ("丁", "part_time", None),
    ]:
        FireStationStaff.objects.create(
            station=station,
            name=name,
            role=role,
            phone="13800000009",
            active_from=datetime.date(2021, 5, 1),
            active_to=left,
        )
    row = FireStation.objects.with_staffing().get()
    assert (row.full_time_posts, row.full_time_filled, row.part_time_posts, row.part_time_filled) == (2, 1, 2, 2)


def test_a_township_has_one_fire_station(cast):
    FireStation.objects.create(region=cast.township_a, name="一所", established_on=datetime.date(2021, 5, 1))
    assert "region" in errors_of(
        FireStation(region=cast.township_a, name="二所", established_on=datetime.date(2021, 5, 1))
    )


def test_the_grassroots_overview_counts_in_jurisdiction(cast, login):
    FireStation.objects.create(region=cast.township_b, name="列西所", established_on=datetime.date(2021, 5, 1))
    sections = dict(login(cast.user_a).get("/grid/grassroots/").context["sections"])
    assert dict((label, n) for _, label, n in sections["乡镇消防所"])["乡镇消防所"] == 0


def test_a_township_sees_its_county_chief_on_a_house_without_a_dead_link(cast, login):
    village = village_of(cast.township_a)
    county_chief, township_chief = (
        HouseChief.objects.create(region=region, name=name, position="职务", phone="13800000001")
        for region, name in ((cast.county, "县房长"), (cast.township_a, "乡房长"))
    )
    built = house(cast, village=village)
    built.save()
    built.chiefs.set([county_chief, township_chief])
    body = login(cast.user_a).get(f"/grid/houses/{built.pk}/").content.decode()
    assert "县房长" in body
    assert f'href="/grid/house-chiefs/{county_chief.pk}/"' not in body  # it would answer 404
    assert f'href="/grid/house-chiefs/{township_chief.pk}/"' in body
    body = login(cast.user_county).get(f"/grid/houses/{built.pk}/").content.decode()
    assert f'href="/grid/house-chiefs/{county_chief.pk}/"' in body


def test_an_absurd_chief_id_is_an_invalid_choice_not_a_server_error(cast, login):
    response = login(cast.user_a).post(
        "/grid/houses/new/",
        {"region": cast.township_a.pk, "owner_name": "林", "chiefs": ["99999999999999999999999"]},
    )
    assert response.status_code == 200
    assert "chiefs" in response.context["form"].errors


def test_a_township_reads_its_countys_seven_ones_and_cannot_register_them(cast, login):
    done = SevenOnesItem.objects.create(region=cast.county, item="hotline", status="done", evidence="12345热线")
    SevenOnesItem.objects.create(region=cast.other_county, item="policy", status="in_progress")
    client = login(cast.user_a)
    response = client.get("/grid/seven-ones/")
    html = response.content.decode()
    assert [row["region"] for row in response.context["rows"]] == [cast.county]
    assert "没有县（市、区）" not in html
    assert "此处只读" in html
    assert f'href="/grid/seven-ones/items/{done.pk}/"' in html
    assert "/grid/seven-ones/items/new/" not in html, "no 登记 links for the county's items"
    detail = client.get(f"/grid/seven-ones/items/{done.pk}/").content.decode()
    assert "12345热线" in detail and ">编辑<" not in detail
    assert "共 1 条" in client.get("/grid/seven-ones/items/").content.decode()
    assert client.get(f"/grid/seven-ones/items/{done.pk}/edit/").status_code in (403, 404)
    created = client.post("/grid/seven-ones/items/new/", {"region": cast.county.pk, "item": "policy", "status": "done"})
    assert created.status_code == 200 and not SevenOnesItem.objects.filter(region=cast.county, item="policy").exists()


def test_the_county_registers_its_seven_ones_from_the_table(cast, login):
    html = login(cast.user_county).get("/grid/seven-ones/").content.decode()
    assert html.count("/grid/seven-ones/items/new/") == 7
    assert "此处只读" not in html
