import datetime

from django.core.management import call_command

from base.models import Notification
from hazards import tasks
from hazards.models import LeaderAssignment, RiskPointMonthlyCount, SupervisionProgress
from tests.fixtures import make_official

from .factories import HazardFactory, RiskPointFactory, SupervisionItemFactory

DAY = datetime.date(2026, 11, 1)


def kinds(user, kind):
    return list(Notification.objects.filter(recipient=user, kind=kind).values_list("object_id", flat=True))


def test_daily_overdue_notices_go_once_to_who_answers(cast):
    late = HazardFactory(region=cast.township_a, deadline=DAY - datetime.timedelta(days=3))
    HazardFactory(region=cast.township_a, deadline=DAY)  # due today: not yet overdue
    call_command("run_jobs", "daily", "--date", DAY.isoformat())
    call_command("run_jobs", "daily", "--date", DAY.isoformat())
    assert kinds(cast.user_a, "hazard_overdue") == [late.pk]
    assert kinds(cast.user_b, "hazard_overdue") == []
    assert kinds(cast.user_county, "hazard_overdue") == []
    assert "逾期3天" in Notification.objects.get(recipient=cast.user_a).text


def test_overdue_notice_reaches_department_and_leader_of_a_major_hazard(cast):
    emergency = cast.user_department.official.department
    major = HazardFactory(
        region=cast.township_a, grade="major", department=emergency, deadline=DAY - datetime.timedelta(days=1)
    )
    LeaderAssignment.objects.create(hazard=major, leader=cast.user_leader.official, round=2026, target_date=DAY)
    other_leader = make_official("other-leader", cast.other_county, "leader")
    assert tasks.notify_overdue_hazards(DAY) == 3
    assert tasks.notify_overdue_hazards(DAY) == 0
    for user in (cast.user_a, cast.user_department, cast.user_leader):
        assert kinds(user, "hazard_overdue") == [major.pk]
    assert kinds(other_leader, "hazard_overdue") == []


def test_a_new_deadline_that_passes_is_notified_again(cast):
    hazard = HazardFactory(region=cast.township_a, deadline=DAY - datetime.timedelta(days=1))
    tasks.notify_overdue_hazards(DAY)
    hazard.deadline = DAY + datetime.timedelta(days=5)
    hazard.save()
    tasks.notify_overdue_hazards(DAY + datetime.timedelta(days=6))
    assert len(kinds(cast.user_a, "hazard_overdue")) == 2


def test_monthly_jobs_run_twice_send_each_notice_once(cast):
    hazard = HazardFactory(region=cast.township_a, grade="major", deadline=DAY - datetime.timedelta(days=1))
    LeaderAssignment.objects.create(hazard=hazard, leader=cast.user_leader.official, round=2026, target_date=DAY)
    owned = SupervisionItemFactory(region=cast.county, owner=cast.user_county.official)
    unowned = SupervisionItemFactory(region=cast.city)
    # On 11-01 the month due is October (was: November, which had not begun).
    reported = SupervisionItemFactory(
        region=cast.county, owner=cast.user_county.official, start_on=datetime.date(2026, 10, 1)
    )
    SupervisionProgress.objects.create(item=reported, month=datetime.date(2026, 10, 1), text="已报", percent=10)
    RiskPointFactory(region=cast.township_a, period="2026H2")
    for _ in range(2):
        call_command("run_jobs", "monthly", "--date", DAY.isoformat())
    summary = Notification.objects.get(recipient=cast.user_leader, kind="leader_monthly_summary")
    assert "尚有 1 条未销号，其中逾期 1 条" in summary.text
    assert kinds(cast.user_county, "supervision_reminder") == [owned.pk]
    assert kinds(cast.user_city, "supervision_reminder") == [unowned.pk]
    assert RiskPointMonthlyCount.objects.get().month == datetime.date(2026, 10, 1)
    call_command("run_jobs", "monthly", "--date", "2026-12-01")
    assert Notification.objects.filter(recipient=cast.user_leader, kind="leader_monthly_summary").count() == 2


def test_long_overdue_hazards_are_notified_once_not_every_day(cast):
    # Was: a hazard overdue for more than a week was never notified (the demo's 50 overdue hazards sent one notice).
    HazardFactory(region=cast.township_a, deadline=DAY - datetime.timedelta(days=30))
    assert tasks.notify_overdue_hazards(DAY) == 1
    assert tasks.notify_overdue_hazards(DAY + datetime.timedelta(days=1)) == 0
