"""A department sees the leader assignments and urges of the hazards it sees, no others."""

import datetime

from django.urls import reverse

from grid.models import Department
from hazards.choices import HazardGrade
from hazards.models import HazardUrge, LeaderAssignment

from .factories import HazardFactory


def test_a_department_sees_assignments_and_urges_of_its_own_hazards_only(cast, login):
    own_department = cast.user_department.official.department
    other_department = Department.objects.get(region=cast.county, kind="housing")
    rows = {}
    for key, department in (("own", own_department), ("other", other_department)):
        hazard = HazardFactory(region=cast.township_a, grade=HazardGrade.MAJOR, department=department)
        rows[key] = (
            LeaderAssignment.objects.create(
                hazard=hazard,
                leader=cast.user_leader.official,
                round=2026,
                target_date=datetime.date(2026, 12, 31),
            ),
            HazardUrge.objects.create(hazard=hazard, text="抓紧整改", created_by=cast.user_leader),
        )
    (own_assignment, own_urge), (other_assignment, other_urge) = rows["own"], rows["other"]

    assert set(LeaderAssignment.objects.for_user(cast.user_department)) == {own_assignment}
    assert set(HazardUrge.objects.for_user(cast.user_department)) == {own_urge}

    client = login(cast.user_department)
    listed = client.get(reverse("hazards:leader_assignment_list")).context["object_list"]
    assert {a.pk for a in listed} == {own_assignment.pk}
    api = client.get("/api/v1/hazards/leader-assignments/").json()
    assert {row["id"] for row in api["results"]} == {own_assignment.pk}
    assert client.get(f"/api/v1/hazards/leader-assignments/{other_assignment.pk}/").status_code == 404
    # The county committee still sees both.
    assert set(LeaderAssignment.objects.for_user(cast.user_county)) == {own_assignment, other_assignment}
    assert set(HazardUrge.objects.for_user(cast.user_county)) == {own_urge, other_urge}
