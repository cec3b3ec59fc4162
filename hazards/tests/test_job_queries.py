"""The hazards app's reminder jobs ask the database the same number of times for 2 items as for 6."""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from base.models import Notification
from hazards import services
from hazards.models import LeaderAssignment
from tests.fixtures import make_official

from .factories import HazardFactory, SupervisionItemFactory

DAY = datetime.date(2026, 11, 1)
LATE = DAY - datetime.timedelta(days=3)


def run(job) -> tuple[int, int]:
    """The queries ``job`` issues (content types not cached, as in a fresh worker) and what it returns."""
    ContentType.objects.clear_cache()
    with CaptureQueriesContext(connection) as captured:
        sent = job()
    return len(captured), sent


def told(user, kind) -> list[int]:
    return sorted(Notification.objects.filter(recipient=user, kind=kind).values_list("object_id", flat=True))


def test_overdue_hazards_cost_the_same_queries_for_two_or_six_and_stay_in_their_township(cast):
    emergency = cast.user_department.official.department
    first = [HazardFactory(region=cast.township_a, deadline=LATE, department=emergency) for _ in range(2)]
    elsewhere = HazardFactory(region=cast.other_township, deadline=LATE)
    few, sent = run(lambda: services.notify_overdue_hazards(day=DAY))
    assert sent == 2 * 2  # the township and the department, once per hazard
    more = [HazardFactory(region=cast.township_b, deadline=LATE, department=emergency) for _ in range(6)]
    many, sent = run(lambda: services.notify_overdue_hazards(day=DAY))
    assert sent == 6 * 2
    assert few == many
    assert told(cast.user_a, "hazard_overdue") == sorted(h.pk for h in first)
    assert told(cast.user_b, "hazard_overdue") == sorted(h.pk for h in more)
    assert told(cast.user_department, "hazard_overdue") == sorted(h.pk for h in first + more)
    assert elsewhere.pk not in told(cast.user_a, "hazard_overdue") + told(cast.user_department, "hazard_overdue")
    assert run(lambda: services.notify_overdue_hazards(day=DAY))[1] == 0


def leaders_with_hazards(cast, count: int, start: int) -> list:
    users = []
    for n in range(start, start + count):
        user = make_official(f"leader-{n}", cast.city, "leader")
        hazard = HazardFactory(region=cast.township_a, grade="major", deadline=LATE)
        LeaderAssignment.objects.create(hazard=hazard, leader=user.official, round=2026, target_date=DAY)
        users.append(user)
    return users


def test_the_leaders_summary_costs_the_same_queries_for_two_or_six_leaders(cast):
    leaders = leaders_with_hazards(cast, 2, 0)
    few, sent = run(lambda: services.remind_leaders(day=DAY))
    assert sent == 2
    leaders += leaders_with_hazards(cast, 6, 2)
    many, sent = run(lambda: services.remind_leaders(day=DAY))
    assert (few, sent) == (many, 6)
    for user in leaders:
        assert told(user, "leader_monthly_summary") == [user.official.pk]


def test_supervision_reminders_cost_the_same_queries_and_reach_each_items_own_committee(cast):
    def items(count):
        return [SupervisionItemFactory(region=cast.county, owner=cast.user_county.official) for _ in range(count)] + [
            SupervisionItemFactory(region=region) for region in (cast.county, cast.other_county) * count
        ]

    first = items(1)
    few, sent = run(lambda: services.remind_supervision_items(day=DAY))
    assert sent == 3
    later = items(3)
    many, sent = run(lambda: services.remind_supervision_items(day=DAY))
    assert (few, sent) == (many, 9)
    every = first + later
    assert told(cast.user_county, "supervision_reminder") == sorted(
        i.pk for i in every if i.owner_id or i.region == cast.county
    )
    assert told(cast.user_other_county, "supervision_reminder") == sorted(
        i.pk for i in every if not i.owner_id and i.region == cast.other_county
    )
    assert told(cast.user_city, "supervision_reminder") == []
