"""Choosing a person in a form tells same-named people apart, and long lists are typed ahead."""

import datetime
import re
from html import unescape

from django.urls import reverse

from grid.forms import CraftsmanField, GridSupervisorField, OfficialField
from grid.models import Craftsman, RuralHouse
from grid.services import visit_record

from .factories import (
    EnterpriseFactory,
    GridFactory,
    GridSupervisorFactory,
    resident_id,
    supervised_enterprise,
    village_of,
)

OPTION = re.compile(r'<option value="([^"]+)"></option>')


def offered(client, kind: str, text: str) -> list[str]:
    return [
        unescape(value)
        for value in OPTION.findall(client.get(reverse("lookup", args=[kind]), {"q": text}).content.decode())
    ]


def craftsman(region, n: int, **kwargs) -> Craftsman:
    return Craftsman.objects.create(
        region=region, name="吴国平", id_number=resident_id("350403", 7000 + n), phone="15800000000", **kwargs
    )


def test_three_craftsmen_of_one_name_are_offered_apart_and_the_id_stays_masked(cast, login):
    first = craftsman(cast.township_a, 1, trade="泥瓦工", certificate_no="SMGJ000123")
    second = craftsman(cast.township_a, 2, trade="木工")
    third = craftsman(cast.township_b, 3, trade="泥瓦工", certificate_no="SMGJ000456")
    craftsman(cast.other_township, 4)
    client = login(cast.user_county)
    labels = offered(client, "craftsman", "吴国平")
    assert len(labels) == 3 and len(set(labels)) == 3, labels
    assert f"吴国平（列东街道，泥瓦工，证书SMGJ000123，身份证尾号{first.id_number[-4:]}）（#{first.pk}）" in labels
    assert any("列西街道" in label and f"#{third.pk}" in label for label in labels)
    assert any("无合格证书" in label and f"#{second.pk}" in label for label in labels)
    assert not any(first.id_number[:10] in label for label in labels), "the full ID number is never offered"
    assert offered(client, "craftsman", "SMGJ000456") == [f"{CraftsmanField.describe(third)}（#{third.pk}）"]
    # A township is offered its own craftsmen only.
    assert len(offered(login(cast.user_a), "craftsman", "吴国平")) == 2


def test_the_house_form_types_the_craftsman_ahead_and_saves_the_chosen_one(cast, login):
    chosen = craftsman(cast.township_a, 1)
    craftsman(cast.township_a, 2)
    client = login(cast.user_a)
    page = client.get(reverse("grid:rural_house_create")).content.decode()
    assert 'name="craftsman"' in page and 'list="id_craftsman-options"' in page
    assert "<select" not in page[page.index('name="craftsman"') - 300 : page.index('name="craftsman"')]
    village = village_of(cast.township_a)
    today = datetime.date(2026, 3, 1)
    response = client.post(
        reverse("grid:rural_house_create"),
        {
            "region": cast.township_a.pk,
            "village": village.pk,
            "owner_name": "王建房",
            "address": "溪边5号",
            "floors": 2,
            "area": 120,
            "stage": "under_construction",
            "applied_on": today,
            "approved_on": today,
            "started_on": today,
            "craftsman": f"{CraftsmanField.describe(chosen)}（#{chosen.pk}）",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    house = RuralHouse.objects.get()
    assert house.craftsman == chosen
    edit = client.get(reverse("grid:rural_house_edit", args=[house.pk])).content.decode()
    assert f"{CraftsmanField.describe(chosen)}（#{chosen.pk}）" in edit


def test_supervisors_of_one_name_are_offered_with_their_post_and_phone_tail(cast, login):
    GridSupervisorFactory(region=cast.township_a, level="chief", name="林建华", phone="13700001111")
    GridSupervisorFactory(
        region=cast.township_a, level="first", name="林建华", phone="13700002222", position="武装部长"
    )
    labels = offered(login(cast.user_a), "grid_supervisor", "林建华")
    assert len(set(labels)) == 2
    assert any("总督导员" in label and "手机尾号1111" in label for label in labels)
    assert any("武装部长" in label and "手机尾号2222" in label for label in labels)
    page = login(cast.user_a).get(reverse("grid:supervision_visit_create")).content.decode()
    assert f'hx-get="{reverse("lookup", args=[GridSupervisorField.kind])}"' in page


def test_officials_are_offered_with_their_office_and_role(cast, login):
    cast.user_county.official.post = "副主任"
    cast.user_county.official.save()
    labels = offered(login(cast.user_city), "official", "副主任")
    assert labels == [f"county（三元区，县安委办，副主任）（#{cast.user_county.official.pk}）"]
    assert OfficialField.describe(cast.user_department.official).startswith("department（三元区应急管理局，")
    page = login(cast.user_county).get(reverse("hazards:supervision_item_create")).content.decode()
    assert f'hx-get="{reverse("lookup", args=["official"])}"' in page


def test_the_visit_list_filters_by_a_supervisor_typed_ahead_not_a_select_of_all(cast, login):
    mine, other = GridSupervisorFactory(region=cast.township_a), GridSupervisorFactory(region=cast.township_a)
    for supervisor in (mine, mine, other):
        visit_record(
            supervisor=supervisor,
            enterprise=supervised_enterprise(supervisor),
            visited_on=datetime.date(2026, 2, 1),
            items_checked=["ledger"],
            prompt_list_delivered=True,
            findings=[],
            by=None,
        )
    client = login(cast.user_a)
    page = client.get(reverse("grid:supervision_visit_list")).content.decode()
    assert 'list="id_supervisor-options"' in page and '<select name="supervisor"' not in page

    chosen = client.get(reverse("grid:supervision_visit_list"), {"supervisor": mine.pk}).content.decode()
    assert "共 2 条" in chosen
    assert f'value="{GridSupervisorField.describe(mine)}（#{mine.pk}）"' in unescape(chosen)
    # Another township's supervisor cannot be chosen: the filter refuses it, naming the field.
    stranger = GridSupervisorFactory(region=cast.township_b)
    refused = client.get(reverse("grid:supervision_visit_list"), {"supervisor": stranger.pk}).content.decode()
    assert "选择一个有效的选项" in refused
    assert client.get("/api/v1/grid/visits/", {"supervisor": mine.pk}).json()["count"] == 2


def test_the_enterprise_and_supervisor_lists_filter_by_a_grid_typed_ahead(cast, login):
    trade = GridFactory(region=cast.township_a, industry="industrial_trade", name="")
    scenic = GridFactory(region=cast.township_a, industry="other", name="景区网格")
    theirs = GridFactory(region=cast.township_b, industry="industrial_trade", name="")
    inside = EnterpriseFactory(region=cast.township_a)
    trade.enterprises.add(inside)
    EnterpriseFactory(region=cast.township_a)
    GridSupervisorFactory(region=cast.township_a, grids=[trade])
    GridSupervisorFactory(region=cast.township_a, grids=[scenic])

    # Offered by township, category (its label, though a code is stored) or name; a township its own grids only.
    client = login(cast.user_county)
    assert offered(client, "grid", "列东街道·工贸") == [f"列东街道·工贸企业（#{trade.pk}）"]
    assert offered(client, "grid", "景区") == [f"列东街道·景区网格（#{scenic.pk}）"]
    assert len(offered(client, "grid", "工贸企业")) == 2
    client = login(cast.user_a)
    assert offered(client, "grid", "工贸企业") == [f"列东街道·工贸企业（#{trade.pk}）"]

    for url, api, rows in (
        (reverse("grid:enterprise_list"), "/api/v1/grid/enterprises/", 1),
        (reverse("grid:grid_supervisor_list"), "/api/v1/grid/supervisors/", 1),
    ):
        page = client.get(url).content.decode()
        assert 'list="id_grid-options"' in page and '<select name="grid"' not in page
        chosen = client.get(url, {"grid": trade.pk}).content.decode()
        assert f"共 {rows} 条" in chosen
        assert f'value="列东街道·工贸企业（#{trade.pk}）"' in unescape(chosen)
        assert client.get(api, {"grid": trade.pk}).json()["count"] == rows
        # Another township's grid is refused, naming the field.
        assert "选择一个有效的选项" in client.get(url, {"grid": theirs.pk}).content.decode()
