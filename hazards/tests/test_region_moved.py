"""An administrative adjustment: a township moved to another county takes its subtree and hazards along."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from base.models import Notification
from grid.models import Department, Region
from grid.tests.factories import EnterpriseFactory
from hazards.choices import HazardStatus
from hazards.models import Hazard, LeaderAssignment
from tests.fixtures import make_official

from .factories import HazardFactory


def listed(client, user, url) -> set[int]:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return {row["id"] for row in response.json()["results"]}


def test_a_township_moved_to_another_county_is_that_countys_with_its_villages_and_hazards(cast, client):
    hazard = HazardFactory(region=cast.township_a)
    villages = list(Region.objects.filter(parent=cast.township_a).values_list("pk", flat=True))
    assert villages and hazard.county == cast.county

    township = cast.township_a
    township.parent = cast.other_county
    township.save()

    assert township.path == f"{cast.other_county.path}{township.code}/"
    for village in Region.objects.filter(pk__in=villages):
        assert village.path == f"{township.path}{village.code}/"
    hazard.refresh_from_db()
    assert hazard.county == cast.other_county
    # The county's scope reads the stored county: the hazard is the new county's, no longer the old one's.
    api = "/api/v1/hazards/hazards/"
    assert hazard.pk in listed(client, cast.user_other_county, api)
    assert hazard.pk not in listed(client, cast.user_county, api)
    assert client.get(reverse("hazards:hazard_detail", args=[hazard.pk])).status_code == 404
    assert Hazard.objects.in_area(cast.other_county).filter(pk=hazard.pk).exists()
    # Its township's own official still has it.
    assert hazard.pk in listed(client, cast.user_a, api)


def test_a_region_cannot_be_moved_under_itself_or_below_it(cast):
    county = cast.county
    for parent in (county, cast.township_a):
        county.parent = parent
        with pytest.raises(ValidationError) as refused:
            county.full_clean()
        assert refused.value.message_dict["parent"] == ["上级区划不能是本区划或其下级区划。"]


def test_both_counties_hear_of_the_move_and_its_records_answer_to_the_new_countys_departments(
    cast, django_capture_on_commit_callbacks
):
    old, new = (Department.objects.get(region=county, kind="emergency") for county in (cast.county, cast.other_county))
    city = Department.objects.filter(region=cast.city).first()
    moved = EnterpriseFactory(region=cast.township_a, department=old)
    by_city = EnterpriseFactory(region=cast.township_a, department=city)
    stays = EnterpriseFactory(region=cast.township_b, department=old)
    open_hazard = HazardFactory(region=cast.township_a, department=old)
    closed = HazardFactory(region=cast.township_a, department=old, status=HazardStatus.CLOSED)
    neighbour = HazardFactory(region=cast.township_b, department=old)
    county_leader = make_official("county_leader", cast.county, "leader", post="副区长").official
    for leader in (county_leader, cast.user_leader.official):
        major = HazardFactory(region=cast.township_a, grade="major")
        LeaderAssignment.objects.create(hazard=major, leader=leader, round=2026, target_date=major.deadline)

    township = cast.township_a
    township.parent = cast.other_county
    with django_capture_on_commit_callbacks(execute=True):
        township.save()

    for record in (moved, by_city, stays, open_hazard, closed, neighbour):
        record.refresh_from_db()
    assert moved.department == new and by_city.department == city and stays.department == old
    assert moved.history.latest().history_change_reason == "行政区划调整"
    # An open hazard is the new county's department's to see through; a closed one keeps who closed it.
    assert open_hazard.department == new and closed.department == old and neighbour.department == old

    text = (
        "行政区划调整：列东街道已由三元区调整至沙县区，"
        "生产经营单位2家（1家改由沙县区同类部门监管）、"
        # A city leader's assignment stands; the county leader's is 三元区's, no longer 列东街道's county.
        "隐患4条（未销号的1条改由沙县区同类部门督办；1条重大隐患的挂包领导仍为原县（区）领导，待重新明确）随之划转。"
    )
    for user, url in ((cast.user_other_county, township.get_absolute_url()), (cast.user_county, "")):
        notices = Notification.objects.filter(recipient=user, kind="grid.region_moved")
        assert list(notices.values_list("text", "url")) == [(text, url)]
    # The township itself, its neighbour and the city are not told.
    for user in (cast.user_a, cast.user_b, cast.user_city):
        assert not Notification.objects.filter(recipient=user, kind="grid.region_moved").exists()


def test_a_new_code_under_the_same_county_tells_no_one(cast):
    township = cast.township_a
    township.code = "350404099"
    township.save()
    assert township.path == f"{cast.county.path}350404099/"
    assert not Notification.objects.filter(kind="grid.region_moved").exists()
