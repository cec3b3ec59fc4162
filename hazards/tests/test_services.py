import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import timezone

from base.models import Notification
from hazards import services
from hazards.choices import AssignmentStatus, HazardColour, HazardGrade, HazardStatus, RiskPointReview
from hazards.models import Hazard, RiskPoint, previous_period

from .factories import FIVE_IN_PLACE, HazardFactory, RiskPointFactory

TODAY = timezone.localdate()


def leader_of(cast):
    return cast.user_leader.official


def assign(cast, hazard, by=None):
    return services.leader_assign(
        hazard=hazard,
        leader=leader_of(cast),
        by=by or cast.user_county,
        round=TODAY.year,
        target_date=TODAY + datetime.timedelta(days=30),
    )


def test_general_hazard_goes_through_its_lifecycle(cast):
    hazard = HazardFactory(region=cast.township_a)
    by = cast.user_a
    services.hazard_start_rectification(hazard=hazard, by=by)
    services.hazard_report_progress(hazard=hazard, by=by, text="已清理一半", percent=50)
    services.hazard_report_progress(hazard=hazard, by=by, text="已清理完毕", percent=100)
    services.hazard_submit_for_acceptance(hazard=hazard, by=by)
    services.hazard_accept(hazard=hazard, by=cast.user_county, note="现场核查已整改")
    hazard.refresh_from_db()
    assert hazard.status == HazardStatus.CLOSED
    assert hazard.closed_on == TODAY
    assert hazard.progress == 100
    reasons = list(hazard.history.order_by("history_date").values_list("history_change_reason", flat=True))
    assert reasons[1:] == [
        "开始整改",
        "整改进展 50%",
        "整改进展 100%",
        "申请验收",
        "验收通过，销号：现场核查已整改",
    ]


def test_refused_acceptance_returns_to_rectifying_with_reason(cast):
    hazard = HazardFactory(region=cast.township_a)
    services.hazard_start_rectification(hazard=hazard, by=cast.user_a)
    services.hazard_report_progress(hazard=hazard, by=cast.user_a, text="已清理", percent=100)
    services.hazard_submit_for_acceptance(hazard=hazard, by=cast.user_a)
    services.hazard_refuse(hazard=hazard, by=cast.user_county, reason="通道仍有堆放物")
    hazard.refresh_from_db()
    assert hazard.status == HazardStatus.RECTIFYING
    assert hazard.history.first().history_change_reason == "验收不通过：通道仍有堆放物"


@pytest.mark.parametrize(
    ("status", "step"),
    [
        (HazardStatus.REPORTED, "accept"),
        (HazardStatus.REPORTED, "refuse"),
        (HazardStatus.REPORTED, "submit"),
        (HazardStatus.RECTIFYING, "start"),
        (HazardStatus.RECTIFYING, "accept"),
        (HazardStatus.AWAITING_ACCEPTANCE, "start"),
        (HazardStatus.CLOSED, "start"),
        (HazardStatus.CLOSED, "refuse"),
        (HazardStatus.CLOSED, "submit"),
    ],
)
def test_illegal_transitions_are_refused(cast, status, step):
    hazard = HazardFactory(region=cast.township_a)
    Hazard.objects.filter(pk=hazard.pk).update(status=status)
    calls = {
        "start": lambda: services.hazard_start_rectification(hazard=hazard, by=cast.user_a),
        "submit": lambda: services.hazard_submit_for_acceptance(hazard=hazard, by=cast.user_a),
        "accept": lambda: services.hazard_accept(hazard=hazard, by=cast.user_a, note="好"),
        "refuse": lambda: services.hazard_refuse(hazard=hazard, by=cast.user_a, reason="不行"),
    }
    with pytest.raises(ValidationError, match="隐患当前状态为"):
        calls[step]()
    hazard.refresh_from_db()
    assert hazard.status == status


def test_rectification_needs_a_complete_plan(cast):
    hazard = HazardFactory(region=cast.township_a, measures="", deadline=None)
    with pytest.raises(ValidationError, match="整改措施、整改期限"):
        services.hazard_start_rectification(hazard=hazard, by=cast.user_a)


def test_major_hazard_cannot_start_rectifying_without_a_leader(cast):
    hazard = HazardFactory(region=cast.township_a, grade=HazardGrade.MAJOR)
    with pytest.raises(ValidationError, match="挂包领导"):
        services.hazard_start_rectification(hazard=hazard, by=cast.user_a)
    assign(cast, hazard)
    services.hazard_start_rectification(hazard=hazard, by=cast.user_a)
    hazard.refresh_from_db()
    assert hazard.status == HazardStatus.RECTIFYING


def test_leader_is_notified_and_assignment_completes_on_close(cast):
    hazard = HazardFactory(region=cast.township_a, grade=HazardGrade.MAJOR, **FIVE_IN_PLACE)
    assignment = assign(cast, hazard)
    assert Notification.objects.filter(recipient=cast.user_leader, kind="hazard_assigned").count() == 1
    services.hazard_start_rectification(hazard=hazard, by=cast.user_a)
    services.hazard_report_progress(hazard=hazard, by=cast.user_a, text="已消除", percent=100)
    services.hazard_submit_for_acceptance(hazard=hazard, by=cast.user_a)
    services.hazard_accept(hazard=hazard, by=cast.user_county, note="已消除")
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.COMPLETED
    assert assignment.completed_on == TODAY


def test_leader_assignment_rules(cast):
    general = HazardFactory(region=cast.township_a)
    with pytest.raises(ValidationError, match="只有重大隐患"):
        assign(cast, general)
    major = HazardFactory(region=cast.township_a, grade=HazardGrade.MAJOR)
    with pytest.raises(ValidationError, match="不是党政领导"):
        services.leader_assign(
            hazard=major, leader=cast.user_a.official, by=cast.user_county, round=2026, target_date=TODAY
        )
    assign(cast, major)
    with pytest.raises(ValidationError, match="已有挂包领导"):
        assign(cast, major)


def test_leader_of_another_county_cannot_be_assigned(cast):
    from tests.fixtures import make_official

    other_leader = make_official("other-leader", cast.other_county, "leader", post="副县长")
    major = HazardFactory(region=cast.township_a, grade=HazardGrade.MAJOR)
    with pytest.raises(ValidationError, match="分管区域不包含"):
        services.leader_assign(
            hazard=major, leader=other_leader.official, by=cast.user_city, round=2026, target_date=TODAY
        )


def test_other_township_cannot_act_on_a_hazard(cast):
    hazard = HazardFactory(region=cast.township_a)
    with pytest.raises(ValidationError, match="无权"):
        services.hazard_start_rectification(hazard=hazard, by=cast.user_b)


def test_overdue_and_colour(cast):
    late = HazardFactory(region=cast.township_a, deadline=TODAY - datetime.timedelta(days=1))
    due_today = HazardFactory(region=cast.township_a, deadline=TODAY)
    late_major = HazardFactory(region=cast.township_a, grade=HazardGrade.MAJOR, deadline=TODAY - datetime.timedelta(1))
    major = HazardFactory(region=cast.township_a, grade=HazardGrade.MAJOR)
    closed = HazardFactory(region=cast.township_a, deadline=TODAY - datetime.timedelta(days=9))
    Hazard.objects.filter(pk=closed.pk).update(status=HazardStatus.CLOSED)
    assert set(Hazard.objects.overdue()) == {late, late_major}
    assert late.overdue and not due_today.overdue
    colours = dict(Hazard.objects.with_colour().values_list("pk", "colour"))
    assert colours == {
        late.pk: HazardColour.ORANGE,
        due_today.pk: HazardColour.YELLOW,
        late_major.pk: HazardColour.RED,
        major.pk: HazardColour.ORANGE,
        closed.pk: HazardColour.GREEN,
    }
    # The model property agrees with the database annotation.
    for hazard in Hazard.objects.all():
        assert hazard.governance_colour == colours[hazard.pk]


def test_progress_percentage_is_validated(cast):
    hazard = HazardFactory(region=cast.township_a)
    services.hazard_start_rectification(hazard=hazard, by=cast.user_a)
    with pytest.raises(ValidationError):
        services.hazard_report_progress(hazard=hazard, by=cast.user_a, text="x", percent=120)


def test_urge_by_assigned_leader_notifies_the_township_only(cast):
    hazard = HazardFactory(region=cast.township_a, grade=HazardGrade.MAJOR)
    assign(cast, hazard)
    services.hazard_urge(hazard=hazard, by=cast.user_leader, text="本月底前务必完成")
    assert set(Notification.objects.filter(kind="hazard_urged").values_list("recipient", flat=True)) == {cast.user_a.pk}
    with pytest.raises(ValidationError, match="挂包领导或安委办"):
        services.hazard_urge(hazard=hazard, by=cast.user_a, text="x")


@override_settings(RISK_LS_BANDS=(20, 15, 9), RISK_LEC_BANDS=(320, 160, 70))
@pytest.mark.parametrize(
    ("method", "factors", "score", "grade"),
    [
        ("ls", {"likelihood": 4, "severity": 5}, Decimal("20"), "red"),
        ("ls", {"likelihood": 3, "severity": 5}, Decimal("15"), "orange"),
        ("ls", {"likelihood": 3, "severity": 3}, Decimal("9"), "yellow"),
        ("ls", {"likelihood": 2, "severity": 4}, Decimal("8"), "blue"),
        ("lec", {"likelihood": 6, "exposure": 6, "consequence": 15}, Decimal("540"), "red"),
        ("lec", {"likelihood": 3, "exposure": 6, "consequence": 15}, Decimal("270"), "orange"),
        ("lec", {"likelihood": 1, "exposure": 6, "consequence": 15}, Decimal("90"), "yellow"),
        ("lec", {"likelihood": 1, "exposure": 3, "consequence": 3}, Decimal("9"), "blue"),
    ],
)
def test_risk_grade_comes_from_the_assessment(db, method, factors, score, grade):
    point = RiskPoint(method=method, **{k: Decimal(v) for k, v in factors.items()})
    point.assess()
    assert (point.score, point.grade) == (score, grade)


def test_ls_needs_its_factors(db):
    point = RiskPoint(method="ls", likelihood=Decimal(3))
    with pytest.raises(ValidationError) as error:
        point.assess()
    assert "severity" in error.value.message_dict


def test_carry_forward_copies_once_and_review_decides(cast):
    kept = RiskPointFactory(region=cast.township_a, period="2026H1")
    retired_before = RiskPointFactory(region=cast.township_a, period="2026H1", review=RiskPointReview.RETIRED)
    RiskPointFactory(region=cast.township_b, period="2026H1")
    assert previous_period("2026H2") == "2026H1" and previous_period("2026H1") == "2025H2"
    created = services.risk_points_carry_forward(
        region=cast.township_a, from_period="2026H1", to_period="2026H2", by=cast.user_a
    )
    assert created == 1
    assert (
        services.risk_points_carry_forward(
            region=cast.township_a, from_period="2026H1", to_period="2026H2", by=cast.user_a
        )
        == 0
    )
    copy = RiskPoint.objects.get(previous=kept)
    assert (copy.period, copy.review, copy.name) == ("2026H2", RiskPointReview.PENDING, kept.name)
    assert not RiskPoint.objects.filter(previous=retired_before).exists()
    services.risk_point_review(
        risk_point=copy, by=cast.user_a, decision="regraded", method="ls", likelihood=Decimal(5), severity=Decimal(5)
    )
    copy.refresh_from_db()
    assert (copy.review, copy.grade) == (RiskPointReview.REGRADED, "red")
    with pytest.raises(ValidationError, match="已复核"):
        services.risk_point_review(risk_point=copy, by=cast.user_a, decision="kept")


def test_only_committees_assign_leaders(cast):
    major = HazardFactory(region=cast.township_a, grade=HazardGrade.MAJOR)
    with pytest.raises(ValidationError, match="市、县安委办"):
        assign(cast, major, by=cast.user_a)
    assert assign(cast, major, by=cast.user_county).hazard == major


def test_edits_cannot_bypass_the_workflow(cast, client):
    hazard = HazardFactory(region=cast.township_a, grade=HazardGrade.MAJOR)
    assign(cast, hazard)
    services.hazard_start_rectification(hazard=hazard, by=cast.user_a)
    client.force_login(cast.user_a)
    url = f"/api/v1/hazards/hazards/{hazard.pk}/"
    later = str(hazard.deadline + datetime.timedelta(days=30))
    response = client.patch(url, {"deadline": later}, content_type="application/json")
    assert response.status_code == 400 and "deadline" in response.json()
    response = client.patch(url, {"grade": "general"}, content_type="application/json")
    assert response.status_code == 400 and "grade" in response.json()
    assert client.patch(url, {"title": "尾矿库排洪井淤堵"}, content_type="application/json").status_code == 200
    hazard.refresh_from_db()
    assert (hazard.grade, hazard.title) == (HazardGrade.MAJOR, "尾矿库排洪井淤堵")
