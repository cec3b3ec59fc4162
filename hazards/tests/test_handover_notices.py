"""A notice for every hand-over (issue 9): who reads what in their 通知, once per item and event."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from base.choices import SupervisionLevel
from base.models import Notification
from grid.tests.factories import EnterpriseFactory
from hazards import services
from hazards.choices import HazardGrade
from hazards.models import LeaderAssignment, SupervisionProgress

from .factories import FIVE_IN_PLACE, HazardFactory, SupervisionItemFactory

TODAY = timezone.localdate()


def texts(user, kind):
    return list(Notification.objects.filter(recipient=user, kind=kind).values_list("text", flat=True))


def assign(cast, hazard):
    return services.leader_assign(
        hazard=hazard,
        leader=cast.user_leader.official,
        by=cast.user_county,
        round=TODAY.year,
        target_date=TODAY + datetime.timedelta(days=30),
    )


def test_a_major_hazard_without_a_leader_tells_the_county_committee_once(cast, login):
    client = login(cast.user_a)
    data = {
        "title": "液氨储罐区防火堤破损",
        "grade": "major",
        "industry": "industrial_trade",
        "source": "department_inspection",
        "region": cast.township_a.pk,
        "address": "某厂区",
        "description": "防火堤开裂",
        "found_on": TODAY.isoformat(),
        "finder": "王检查",
    }
    assert client.post(reverse("hazards:hazard_create"), data).status_code == 302
    [text] = texts(cast.user_county, "hazard_needs_leader")
    assert "液氨储罐区防火堤破损" in text and "尚未明确挂包领导" in text
    # Not the city for a township-supervised unit, not the other county, not the township itself.
    for user in (cast.user_city, cast.user_other_county, cast.user_a):
        assert texts(user, "hazard_needs_leader") == []
    # Saving it again adds nothing.
    hazard = cast.user_county.notifications.get().subject
    hazard.description = "防火堤开裂，长约两米"
    hazard.save()
    assert len(texts(cast.user_county, "hazard_needs_leader")) == 1


def test_a_city_supervised_enterprise_tells_the_city_committee_too(cast):
    enterprise = EnterpriseFactory(region=cast.township_a, supervision_level=SupervisionLevel.CITY)
    HazardFactory(region=cast.township_a, enterprise=enterprise, grade=HazardGrade.MAJOR)
    assert len(texts(cast.user_county, "hazard_needs_leader")) == 1
    assert len(texts(cast.user_city, "hazard_needs_leader")) == 1


def test_a_general_or_led_hazard_needs_no_leader_notice(cast):
    HazardFactory(region=cast.township_a)
    hazard = HazardFactory(region=cast.township_a, grade=HazardGrade.MAJOR)
    assign(cast, hazard)
    hazard.save()
    assert len(texts(cast.user_county, "hazard_needs_leader")) == 1  # the major one, when registered


def test_every_hand_over_of_a_major_hazard_reaches_who_must_act(cast):
    emergency = cast.user_department.official.department
    hazard = HazardFactory(region=cast.township_a, grade=HazardGrade.MAJOR, department=emergency, **FIVE_IN_PLACE)
    assign(cast, hazard)
    assert "目标完成日期" in texts(cast.user_leader, "hazard_assigned")[0]
    [assigned] = texts(cast.user_a, "hazard_leader_assigned")
    assert "已明确挂包领导：leader（副市长）" in assigned
    assert texts(cast.user_b, "hazard_leader_assigned") == []

    services.hazard_start_rectification(hazard=hazard, by=cast.user_a)
    services.hazard_report_progress(hazard=hazard, by=cast.user_a, text="完成", percent=100)
    services.hazard_submit_for_acceptance(hazard=hazard, by=cast.user_a)
    # Whoever accepts: the supervising department and, for a major hazard, the county committee.
    for user in (cast.user_department, cast.user_county):
        assert "申请验收" in texts(user, "hazard_submitted")[0]
    assert texts(cast.user_a, "hazard_submitted") == []

    services.hazard_refuse(hazard=hazard, by=cast.user_county, reason="防火堤仍有裂缝")
    [refused] = texts(cast.user_a, "hazard_refused")
    assert "验收不通过" in refused and "防火堤仍有裂缝" in refused

    services.hazard_submit_for_acceptance(hazard=hazard, by=cast.user_a)
    assert len(texts(cast.user_county, "hazard_submitted")) == 2  # a second submission is a second event
    services.hazard_accept(hazard=hazard, by=cast.user_county, note="已消除")
    for user in (cast.user_a, cast.user_leader):
        [closed] = texts(user, "hazard_closed")
        assert "已销号" in closed and "已消除" in closed
    assert texts(cast.user_b, "hazard_closed") == []


DAY = datetime.date(2026, 11, 20)


def overdue_hazards(cast, count):
    emergency = cast.user_department.official.department
    hazards = [
        HazardFactory(
            region=cast.township_a,
            department=emergency,
            found_on=DAY - datetime.timedelta(days=90),
            deadline=DAY - datetime.timedelta(days=1 + n),
        )
        for n in range(count)
    ]
    major = hazards[0]
    major.grade = HazardGrade.MAJOR
    major.save()
    LeaderAssignment.objects.create(hazard=major, leader=cast.user_leader.official, round=2026, target_date=DAY)
    return hazards


def test_each_overdue_hazard_gets_its_own_notice_once(cast):
    hazards = overdue_hazards(cast, 12)
    assert services.notify_overdue_hazards(day=DAY) == 12 * 2 + 1  # township and department each; the leader once
    assert services.notify_overdue_hazards(day=DAY) == 0
    assert services.notify_overdue_hazards(day=DAY + datetime.timedelta(days=1)) == 0
    notices = Notification.objects.filter(recipient=cast.user_a, kind="hazard_overdue")
    assert sorted(notices.values_list("object_id", flat=True)) == sorted(h.pk for h in hazards)
    assert "逾期12天" in notices.get(object_id=hazards[-1].pk).text
    assert list(Notification.objects.filter(recipient=cast.user_leader).values_list("object_id", flat=True)) == [
        hazards[0].pk
    ]


def test_the_overdue_job_costs_the_same_queries_for_3_or_30_hazards(cast):
    def queries(count):
        Notification.objects.all().delete()
        with CaptureQueriesContext(connection) as context:
            services.notify_overdue_hazards(day=DAY)
        return len(context)

    overdue_hazards(cast, 3)
    few = queries(3)
    overdue_hazards(cast, 27)
    assert queries(30) == few


def test_the_monthly_reminder_names_the_months_not_filed(cast):
    item = SupervisionItemFactory(
        region=cast.county, owner=cast.user_county.official, start_on=datetime.date(2026, 9, 1)
    )
    SupervisionProgress.objects.create(item=item, month=datetime.date(2026, 10, 1), text="推进中", percent=40)
    assert services.remind_supervision_items(day=datetime.date(2026, 12, 1)) == 1
    [text] = texts(cast.user_county, "supervision_reminder")
    assert "2026年09月、2026年11月" in text
    assert "2026年12月" not in text and "2026年10月" not in text
    assert services.remind_supervision_items(day=datetime.date(2026, 12, 1)) == 0
    SupervisionProgress.objects.create(item=item, month=datetime.date(2026, 9, 1), text="启动", percent=10)
    SupervisionProgress.objects.create(item=item, month=datetime.date(2026, 11, 1), text="推进", percent=60)
    assert services.remind_supervision_items(day=datetime.date(2027, 1, 1)) == 1
    assert "2026年12月的进展" in texts(cast.user_county, "supervision_reminder")[0]
