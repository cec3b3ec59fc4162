"""Complete history (issue 9): the 变更记录 an official reads names who did what, from which office, in words."""

import datetime

from django.urls import reverse
from django.utils import timezone

from grid.models import HouseChief, RuralHouse
from grid.services import visit_record
from grid.tests.factories import GridSupervisorFactory, link_login, supervised_enterprise, village_of
from hazards import services
from hazards.choices import HazardGrade

from .factories import HazardFactory

TODAY = timezone.localdate()


def named(user, name):
    official = user.official
    official.name = name
    official.save()
    return user


def history_of(response) -> list:
    return response.context["history"]


def test_the_leader_assignment_and_every_urge_are_in_the_history_and_on_the_panel(cast, login):
    named(cast.user_county, "黄主任")
    named(cast.user_leader, "李副市长")
    hazard = HazardFactory(region=cast.township_a, grade=HazardGrade.MAJOR)
    services.leader_assign(
        hazard=hazard,
        leader=cast.user_leader.official,
        by=cast.user_county,
        round=2026,
        target_date=TODAY + datetime.timedelta(days=30),
    )
    services.hazard_urge(hazard=hazard, by=cast.user_leader, text="本周内拿出方案")
    services.hazard_urge(hazard=hazard, by=cast.user_leader, text="月底前完成整改")

    response = login(cast.user_a).get(hazard.get_absolute_url())
    reasons = [(entry.who, entry.reason) for entry in history_of(response)]
    assert reasons[:3] == [
        ("李副市长 · 三明市", "督促：月底前完成整改"),
        ("李副市长 · 三明市", "督促：本周内拿出方案"),
        (
            "黄主任 · 三元区",
            f"明确挂包领导：李副市长（副市长），2026年度，目标完成日期 {TODAY + datetime.timedelta(days=30):%Y-%m-%d}",
        ),
    ]
    page = response.content.decode()
    assert f"{TODAY:%Y-%m-%d} 由 黄主任 · 三元区 明确" in page
    assert "本周内拿出方案" in page and "月底前完成整改" in page


def test_history_names_the_person_and_their_office(cast, login):
    named(cast.user_a, "郑华")
    named(cast.user_department, "王科长")
    hazard = HazardFactory(region=cast.township_a, department=cast.user_department.official.department)
    services.hazard_start_rectification(hazard=hazard, by=cast.user_a)
    extension = services.extension_request(
        hazard=hazard, by=cast.user_a, new_deadline=hazard.deadline + datetime.timedelta(days=5), reason="雨季"
    )
    services.extension_decide(extension=extension, by=cast.user_department, approve=True)
    whos = [entry.who for entry in history_of(login(cast.user_a).get(hazard.get_absolute_url()))]
    assert whos[:2] == ["王科长 · 三元区应急管理局", "郑华 · 列东街道"]


def test_a_save_that_changes_nothing_leaves_no_entry(cast, login):
    hazard = HazardFactory(region=cast.township_a)
    client = login(cast.user_a)
    form = client.get(reverse("hazards:hazard_edit", args=[hazard.pk])).context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None and name != "photos"}
    assert client.post(reverse("hazards:hazard_edit", args=[hazard.pk]), data).status_code == 302
    assert hazard.history.count() == 2  # the record was saved …
    entries = history_of(client.get(hazard.get_absolute_url()))
    assert [entry.action for entry in entries] == ["新建"]  # … but says nothing


def test_a_visit_history_shows_the_labels_of_what_was_checked(cast, login):
    supervisor = link_login(GridSupervisorFactory(region=cast.township_a), cast.user_supervisor)
    visit = visit_record(
        supervisor=supervisor,
        enterprise=supervised_enterprise(supervisor),
        visited_on=TODAY,
        items_checked=["responsibility", "fire_safety", "electricity"],
        prompt_list_delivered=True,
        by=cast.user_supervisor,
    )
    visit.items_checked = ["responsibility", "ledger"]
    visit.save()
    response = login(cast.user_a).get(visit.get_absolute_url())
    changes = {(c.field, c.old, c.new) for entry in history_of(response) for c in entry.changes}
    assert ("督导内容", "主体责任落实、消防安全、用电安全", "主体责任落实、安全台账") in changes
    page = response.content.decode()
    assert "fire_safety" not in page and "electricity" not in page


def test_a_rural_house_records_its_chief_changes(cast, login):
    village = village_of(cast.township_a)
    county_chief, township_chief, village_chief = (
        HouseChief.objects.create(region=region, name=name, position="职务", phone="13800000001")
        for region, name in ((cast.county, "县房长甲"), (cast.township_a, "乡房长乙"), (village, "村房长丙"))
    )
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
    client.post("/grid/houses/new/", {**data, "chiefs": [county_chief.pk, township_chief.pk]})
    house = RuralHouse.objects.get()
    response = client.post(f"/grid/houses/{house.pk}/edit/", {**data, "chiefs": [township_chief.pk, village_chief.pk]})
    assert response.status_code == 302
    entries = history_of(client.get(house.get_absolute_url()))
    changes = " / ".join(c.new for entry in entries for c in entry.changes if c.field == "责任房长")
    assert "增加 村房长丙" in changes and "移除 县房长甲" in changes
    assert "增加 乡房长乙" in changes  # when the house was registered
    page = client.get(house.get_absolute_url()).content.decode()
    assert "移除 县房长甲" in page
    assert all(entry.changes or entry.reason for entry in entries if entry.action == "修改")
