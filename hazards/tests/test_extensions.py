"""Deadline extensions as a request and a decision (issue 9): the rectifying unit asks, the decider
approves (the deadline moves) or refuses (it stays), each side hears of it, and both are in the history."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from base.models import Notification
from hazards import services
from hazards.choices import ExtensionStatus, HazardGrade
from hazards.models import DeadlineExtension

from .factories import HazardFactory

TODAY = timezone.localdate()


def texts(user, kind):
    return list(Notification.objects.filter(recipient=user, kind=kind).values_list("text", flat=True))


def reasons(hazard):
    return [record.history_change_reason for record in hazard.history.all()]


@pytest.fixture
def major(cast):
    emergency = cast.user_department.official.department
    return HazardFactory(region=cast.township_a, grade=HazardGrade.MAJOR, department=emergency)


def request(cast, hazard, days=30, reason="设备到货延迟"):
    return services.extension_request(
        hazard=hazard, by=cast.user_a, new_deadline=hazard.deadline + datetime.timedelta(days=days), reason=reason
    )


def test_a_request_leaves_the_deadline_and_tells_the_county_committee_of_a_major_hazard(cast, major):
    old = major.deadline
    extension = request(cast, major)
    major.refresh_from_db()
    assert major.deadline == old
    assert (extension.status, extension.old_deadline, extension.created_by) == (
        ExtensionStatus.PENDING,
        old,
        cast.user_a,
    )
    [text] = texts(cast.user_county, "hazard_extension_requested")
    assert f"延至 {extension.new_deadline:%Y-%m-%d}" in text and "设备到货延迟" in text and "请审批" in text
    # A major hazard's extension is the committee's to decide, not the department's nor the township's.
    for user in (cast.user_department, cast.user_a, cast.user_b, cast.user_other_county):
        assert texts(user, "hazard_extension_requested") == []
    assert f"申请延期：整改期限由 {old:%Y-%m-%d} 延至 {extension.new_deadline:%Y-%m-%d}，理由：设备到货延迟" in reasons(
        major
    )


def test_a_general_hazard_is_decided_by_its_department_else_the_county(cast):
    emergency = cast.user_department.official.department
    supervised = HazardFactory(region=cast.township_a, department=emergency)
    request(cast, supervised)
    assert len(texts(cast.user_department, "hazard_extension_requested")) == 1
    assert texts(cast.user_county, "hazard_extension_requested") == []
    with pytest.raises(ValidationError, match="监管部门或县级安委办"):
        services.extension_decide(extension=supervised.extensions.get(), by=cast.user_a, approve=True)

    unsupervised = HazardFactory(region=cast.township_a, department=None)
    request(cast, unsupervised)
    assert len(texts(cast.user_county, "hazard_extension_requested")) == 1


def test_approval_moves_the_deadline_and_tells_the_township(cast, major):
    old = major.deadline
    extension = request(cast, major)
    # Neither the township that asked nor the department decides a major hazard's extension.
    for user in (cast.user_a, cast.user_department):
        with pytest.raises(ValidationError, match="县级以上安委办"):
            services.extension_decide(extension=extension, by=user, approve=True)
    services.extension_decide(extension=extension, by=cast.user_county, approve=True, reason="同意，月底前完成")
    major.refresh_from_db()
    extension.refresh_from_db()
    assert major.deadline == extension.new_deadline
    assert (extension.status, extension.decided_by, extension.approver) == (
        ExtensionStatus.APPROVED,
        cast.user_county,
        "county",
    )
    [text] = texts(cast.user_a, "hazard_extension_decided")
    assert "已批准" in text and f"延至 {extension.new_deadline:%Y-%m-%d}" in text and "同意，月底前完成" in text
    assert texts(cast.user_b, "hazard_extension_decided") == []
    record = major.history.first()
    assert record.history_change_reason == (
        f"批准延期：整改期限由 {old:%Y-%m-%d} 延至 {extension.new_deadline:%Y-%m-%d}：同意，月底前完成"
    )
    assert record.history_user == cast.user_county and record.prev_record.deadline == old
    # Decided once: a second decision is refused.
    with pytest.raises(ValidationError, match="已审批"):
        services.extension_decide(extension=extension, by=cast.user_county, approve=False, reason="x")


def test_refusal_needs_a_reason_keeps_the_deadline_and_tells_the_township(cast, major):
    old = major.deadline
    extension = request(cast, major)
    with pytest.raises(ValidationError) as error:
        services.extension_decide(extension=extension, by=cast.user_county, approve=False, reason=" ")
    assert "reason" in error.value.message_dict
    services.extension_decide(extension=extension, by=cast.user_county, approve=False, reason="理由不充分")
    major.refresh_from_db()
    extension.refresh_from_db()
    assert major.deadline == old
    assert (extension.status, extension.decision_reason) == (ExtensionStatus.REFUSED, "理由不充分")
    [text] = texts(cast.user_a, "hazard_extension_decided")
    assert "不予批准" in text and "理由不充分" in text and f"仍为 {old:%Y-%m-%d}" in text
    assert f"不予批准延期至 {extension.new_deadline:%Y-%m-%d}：理由不充分" in reasons(major)
    # Refused, the township may ask again.
    assert request(cast, major, days=10).status == ExtensionStatus.PENDING


def test_one_request_waits_at_a_time_and_it_must_ask_for_a_later_date_with_a_reason(cast, major):
    with pytest.raises(ValidationError) as error:
        services.extension_request(hazard=major, by=cast.user_a, new_deadline=major.deadline, reason="")
    assert set(error.value.message_dict) == {"new_deadline", "reason"}
    request(cast, major)
    with pytest.raises(ValidationError, match="待审批"):
        request(cast, major, days=40)
    assert DeadlineExtension.objects.filter(hazard=major).count() == 1


def test_the_page_offers_the_request_to_the_township_and_the_decision_to_the_committee(cast, major, login):
    def act(client, action, **data):
        return client.post(reverse("hazards:hazard_action", args=[major.pk, action]), data, follow=True)

    new = major.deadline + datetime.timedelta(days=15)
    township = login(cast.user_a)
    page = act(township, "extend", new_deadline=new.isoformat(), reason="汛期停工").content.decode()
    assert "已提交延期申请，待审批" in page and "待审批" in page
    names = [action["name"] for action in township.get(major.get_absolute_url()).context["actions"]]
    assert "decide" not in names
    [extend] = [a for a in township.get(major.get_absolute_url()).context["actions"] if a["name"] == "extend"]
    assert extend["blockers"] == ["已有一份延期申请待审批，请等待审批结果。"]
    assert "延期由县级以上安委办审批" in act(township, "decide", decision="approve").content.decode()
    assert major.extensions.get().status == ExtensionStatus.PENDING  # the township cannot approve its own request

    county = login(cast.user_county)
    response = county.get(major.get_absolute_url())
    [decide] = [a for a in response.context["actions"] if a["name"] == "decide"]
    assert f"延至 {new:%Y-%m-%d}，理由：汛期停工" in decide["intro"]
    page = act(county, "decide", decision="approve", reason="同意").content.decode()
    assert "已审批延期申请" in page
    major.refresh_from_db()
    assert major.deadline == new
    assert "已批准" in page and "county · 三元区" in page
