"""The rules of the supervisor levels, and what a supervisor's own login sees."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from grid.models import Enterprise, Grid, GridSupervisor, SupervisionVisit
from grid.services import visit_record

from .factories import EnterpriseFactory, GridFactory, GridSupervisorFactory, link_login, village_of


def check(supervisor):
    with pytest.raises(ValidationError) as caught:
        supervisor.full_clean()
    return caught.value.message_dict


@pytest.fixture
def chief(cast):
    return GridSupervisorFactory(region=cast.township_a, level="chief", position="街道党工委书记")


def test_a_level_three_supervisor_needs_a_village(cast, chief):
    errors = check(GridSupervisorFactory.build(region=cast.township_a, level="third"))
    assert errors["village"] == ["三级督导员须填写所在村（居）。"]


def test_it_rejects_a_village_of_another_township(cast, chief):
    village = village_of(cast.township_b)
    errors = check(GridSupervisorFactory.build(region=cast.township_a, level="third", village=village))
    assert "不属于列东街道" in errors["village"][0]


def test_a_village_of_the_township_is_accepted(cast, chief):
    GridSupervisorFactory.build(region=cast.township_a, level="third", village=village_of(cast.township_a)).full_clean()


def test_only_level_three_names_a_village(cast, chief):
    errors = check(
        GridSupervisorFactory.build(region=cast.township_a, level="second", village=village_of(cast.township_a))
    )
    assert "village" in errors


def test_a_township_without_a_chief_refuses_other_levels(cast):
    errors = check(GridSupervisorFactory.build(region=cast.township_a, level="first"))
    assert "尚无在任总督导员" in errors["level"][0]


def test_the_chief_comes_first_then_others(cast):
    GridSupervisorFactory.build(region=cast.township_a, level="chief").full_clean()


def test_the_last_chief_cannot_leave_while_others_serve(cast, chief):
    GridSupervisorFactory(region=cast.township_a, level="first")
    chief.active_to = datetime.date(2020, 12, 31)
    chief.active_from = datetime.date(2020, 1, 1)
    assert "level" in check(chief)
    chief.active_to = None
    chief.level = "first"
    assert "level" in check(chief)


def test_a_second_chief_lets_the_first_leave(cast, chief):
    GridSupervisorFactory(region=cast.township_a, level="chief")
    GridSupervisorFactory(region=cast.township_a, level="first")
    chief.active_to = datetime.date(2020, 12, 31)
    chief.active_from = datetime.date(2020, 1, 1)
    chief.full_clean()


def test_a_login_must_be_a_supervisor_of_the_same_township(cast, chief):
    chief.official = cast.user_a.official  # a township official, not a supervisor
    assert "official" in check(chief)
    chief.official = cast.user_supervisor.official
    chief.full_clean()


def test_the_form_refuses_grids_of_another_township(cast, chief, login):
    grid_b = GridFactory(region=cast.township_b)
    GridSupervisorFactory(region=cast.township_b, level="chief")
    response = login(cast.user_county).post(
        "/grid/supervisors/new/",
        {
            "name": "李四",
            "phone": "13700009999",
            "position": "副镇长",
            "level": "first",
            "region": cast.township_a.pk,
            "grids": [grid_b.pk],
        },
    )
    assert response.status_code == 200
    assert "grids" in response.context["form"].errors
    assert not GridSupervisor.objects.filter(phone="13700009999").exists()


def test_the_grid_form_refuses_enterprises_of_another_township(cast, login):
    outsider = EnterpriseFactory(region=cast.township_b)
    response = login(cast.user_county).post(
        "/grid/grids/new/",
        {"region": cast.township_a.pk, "industry": "mining", "enterprises": [outsider.pk], "is_active": "on"},
    )
    assert response.status_code == 200
    assert "enterprises" in response.context["form"].errors


class TestSupervisorLogin:
    @pytest.fixture
    def world(self, cast, chief):
        me = link_login(GridSupervisorFactory(region=cast.township_a, level="first"), cast.user_supervisor)
        mine = EnterpriseFactory(region=cast.township_a)
        shared = EnterpriseFactory(region=cast.township_a)
        other = EnterpriseFactory(region=cast.township_a)
        my_grid = GridFactory(region=cast.township_a, industry="industrial_trade", enterprises=[mine, shared])
        second_grid = GridFactory(region=cast.township_a, industry="construction", enterprises=[shared])
        other_grid = GridFactory(region=cast.township_a, industry="mining", enterprises=[other])
        me.grids.set([my_grid, second_grid])
        chief.grids.set([other_grid])
        return {"me": me, "mine": mine, "shared": shared, "other": other, "my_grid": my_grid, "other_grid": other_grid}

    def test_a_supervisor_sees_only_their_grids_enterprises(self, cast, world, login):
        client = login(cast.user_supervisor)
        response = client.get("/grid/enterprises/", {"page_size": 200})
        # The enterprise in two of my grids is listed once.
        assert [e.pk for e in response.context["object_list"]].count(world["shared"].pk) == 1
        assert {e.pk for e in response.context["object_list"]} == {world["mine"].pk, world["shared"].pk}
        assert client.get(f"/grid/enterprises/{world['other'].pk}/").status_code == 404
        api = client.get("/api/v1/grid/enterprises/").json()
        assert api["count"] == 2

    def test_a_supervisor_sees_only_their_grids_and_themself(self, cast, world):
        user = cast.user_supervisor
        grids = set(Grid.objects.for_user(user))
        assert world["my_grid"] in grids and world["other_grid"] not in grids
        assert len(grids) == 2
        assert list(GridSupervisor.objects.for_user(user)) == [world["me"]]

    def test_the_township_still_sees_every_enterprise(self, cast, world):
        assert Enterprise.objects.for_user(cast.user_a).count() == 3

    def test_a_supervisor_without_a_linked_record_sees_no_enterprise(self, cast, world):
        world["me"].official = None
        world["me"].save()
        assert not Enterprise.objects.for_user(cast.user_supervisor).exists()

    def test_a_supervisor_sees_only_their_own_visits(self, cast, world, chief):
        mine = visit_record(
            supervisor=world["me"],
            enterprise=world["mine"],
            visited_on=datetime.date(2026, 1, 5),
            items_checked=["ledger"],
            prompt_list_delivered=False,
            by=None,
        )
        visit_record(
            supervisor=chief,
            enterprise=world["other"],
            visited_on=datetime.date(2026, 1, 5),
            items_checked=["ledger"],
            prompt_list_delivered=False,
            by=None,
        )
        assert list(SupervisionVisit.objects.for_user(cast.user_supervisor)) == [mine]
        assert SupervisionVisit.objects.for_user(cast.user_a).count() == 2

    def test_a_supervisor_cannot_change_enterprises_or_grids(self, cast, world, login):
        client = login(cast.user_supervisor)
        assert client.get(f"/grid/grids/{world['my_grid'].pk}/edit/").status_code == 404
        assert client.get("/grid/grids/new/").status_code == 403


def test_a_township_sees_its_enterprises_in_no_grid(cast, login):
    placed = EnterpriseFactory(region=cast.township_a)
    loose = EnterpriseFactory(region=cast.township_a)
    EnterpriseFactory(region=cast.township_b)
    GridFactory(region=cast.township_a, enterprises=[placed])
    response = login(cast.user_a).get("/grid/overview/")
    assert [row["region"] for row in response.context["rows"]] == [cast.township_a]
    assert response.context["rows"][0]["no_grid"] == 1
    assert list(response.context["no_grid"]) == [loose]
    listed = login(cast.user_a).get("/grid/enterprises/", {"in_any_grid": "false"}).context["object_list"]
    assert list(listed) == [loose]


def test_the_county_overview_has_a_row_per_township(cast, login):
    GridSupervisorFactory(region=cast.township_b, level="chief")
    rows = {row["region"]: row for row in login(cast.user_county).get("/grid/overview/").context["rows"]}
    assert rows[cast.township_b]["levels"][0] == 1 and cast.other_township not in rows


def test_a_township_gives_its_supervisor_a_login(cast, chief, login, client):
    response = login(cast.user_a).post(
        f"/grid/supervisors/{chief.pk}/login/", {"username": "chief_a", "password": "Zq8!mx2Lp"}
    )
    assert response.status_code == 302
    chief.refresh_from_db()
    official = chief.official
    assert (official.role, official.region, official.user.username) == ("grid_supervisor", cast.township_a, "chief_a")
    assert client.login(request=HttpRequest(), username="chief_a", password="Zq8!mx2Lp")  # axes needs a request
    assert [s.pk for s in GridSupervisor.objects.for_user(official.user)] == [chief.pk]


def test_another_township_cannot_give_a_login(cast, chief, login):
    response = login(cast.user_b).post(
        f"/grid/supervisors/{chief.pk}/login/", {"username": "chief_a", "password": "Zq8!mx2Lp"}
    )
    assert response.status_code == 404
    chief.refresh_from_db()
    assert chief.official_id is None


def test_a_taken_username_is_refused(cast, chief, login):
    response = login(cast.user_a).post(
        f"/grid/supervisors/{chief.pk}/login/", {"username": "township_b", "password": "Zq8!mx2Lp"}, follow=True
    )
    assert "已被使用" in response.content.decode()
    chief.refresh_from_db()
    assert chief.official_id is None


def test_the_login_field_says_where_logins_are_opened_when_none_can_be_linked(cast, login):
    # Township B has no grid-supervisor logins: the empty select explains itself.
    form = login(cast.user_b).get("/grid/supervisors/new/").context["form"]
    assert "开通登录账号" in form.fields["official"].help_text
    # Township A has one (the cast's supervisor): the usual help text.
    form = login(cast.user_a).get("/grid/supervisors/new/").context["form"]
    assert "开通登录账号" not in form.fields["official"].help_text
