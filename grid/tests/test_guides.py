"""Publishing a monthly guide reaches each supervisor in scope once; the acknowledgement rate is right."""

import datetime

import pytest

from base.models import Notification
from grid.models import GuideAcknowledgement, SupervisionGuide
from grid.reports import acknowledgement_rates
from grid.services import guide_acknowledge, guide_publish
from tests.fixtures import make_official

from .factories import GridSupervisorFactory, link_login


@pytest.fixture
def guide(cast):
    return SupervisionGuide.objects.create(
        region=cast.county, year=2026, number=7, month=datetime.date(2026, 11, 1), title="冬季防火", content="要点"
    )


@pytest.fixture
def supervisors(cast):
    a1 = GridSupervisorFactory(region=cast.township_a, level="chief")
    a2 = link_login(GridSupervisorFactory(region=cast.township_a, level="first"), cast.user_supervisor)
    b1 = GridSupervisorFactory(region=cast.township_b, level="chief")
    b2 = link_login(
        GridSupervisorFactory(region=cast.township_b, level="second"),
        make_official("supervisor_b", cast.township_b, "grid_supervisor"),
    )
    retired = GridSupervisorFactory(region=cast.township_b, level="third", active_to=datetime.date(2025, 12, 31))
    elsewhere = GridSupervisorFactory(region=cast.other_township, level="chief")
    return {"a1": a1, "a2": a2, "b1": b1, "b2": b2, "retired": retired, "elsewhere": elsewhere}


def test_publishing_reaches_every_supervisor_in_office_in_scope_once(cast, guide, supervisors):
    assert guide_publish(guide=guide, by=cast.user_county) == 4
    receipts = set(GuideAcknowledgement.objects.filter(guide=guide).values_list("supervisor__name", flat=True))
    assert receipts == {supervisors[k].name for k in ("a1", "a2", "b1", "b2")}
    notices = Notification.objects.filter(kind="grid.guide_published")
    assert sorted(n.recipient.username for n in notices) == ["supervisor", "supervisor_b"]
    guide.refresh_from_db()
    assert guide.status == "published" and guide.published_by == cast.user_county


def test_publishing_again_sends_nothing_twice(cast, guide, supervisors):
    guide_publish(guide=guide, by=cast.user_county)
    assert guide_publish(guide=guide, by=cast.user_county) == 0
    assert GuideAcknowledgement.objects.filter(guide=guide).count() == 4
    assert Notification.objects.filter(kind="grid.guide_published").count() == 2


def test_a_supervisor_appointed_later_gets_it_on_rerun_and_nobody_else_twice(cast, guide, supervisors):
    guide_publish(guide=guide, by=cast.user_county)
    GridSupervisorFactory(region=cast.township_a, level="second")
    assert guide_publish(guide=guide, by=cast.user_county) == 1
    assert Notification.objects.filter(kind="grid.guide_published").count() == 2


def test_the_acknowledgement_rate_by_county_and_township(cast, guide, supervisors):
    guide_publish(guide=guide, by=cast.user_county)
    guide_acknowledge(guide=guide, supervisor=supervisors["a1"], by=cast.user_a)
    guide_acknowledge(guide=guide, supervisor=supervisors["a2"], by=cast.user_supervisor)
    guide_acknowledge(guide=guide, supervisor=supervisors["a2"], by=cast.user_supervisor)  # twice: once
    guide_acknowledge(guide=guide, supervisor=supervisors["b2"], by=cast.user_b)
    rates = acknowledgement_rates(guide, cast.user_city, cast.city)
    assert (rates["total"], rates["read"], rates["rate"]) == (4, 3, 75.0)
    assert rates["counties"] == [{"name": "三元区", "total": 4, "read": 3, "rate": 75.0}]
    by_township = {row["name"]: (row["total"], row["read"], row["rate"]) for row in rates["townships"]}
    assert by_township == {cast.township_a.name: (2, 2, 100.0), cast.township_b.name: (2, 1, 50.0)}
    # Township B's official sees its own township only.
    assert acknowledgement_rates(guide, cast.user_b, cast.township_b)["total"] == 2


def test_the_unread_list_names_who_has_not_read(cast, guide, supervisors, login):
    guide_publish(guide=guide, by=cast.user_county)
    guide_acknowledge(guide=guide, supervisor=supervisors["a1"], by=cast.user_a)
    response = login(cast.user_county).get(
        "/grid/guide-receipts/", {"guide": guide.pk, "acknowledged": "false", "page_size": 200}
    )
    unread = {receipt.supervisor.name for receipt in response.context["object_list"]}
    assert unread == {supervisors[k].name for k in ("a2", "b1", "b2")}


def test_a_supervisor_signs_from_the_guide_page(cast, guide, supervisors, login):
    guide_publish(guide=guide, by=cast.user_county)
    client = login(cast.user_supervisor)
    page = client.get(f"/grid/guides/{guide.pk}/")
    assert page.status_code == 200
    receipt = page.context["own_receipt"]
    assert receipt.supervisor == supervisors["a2"]
    client.post(f"/grid/guide-receipts/{receipt.pk}/sign/")
    receipt.refresh_from_db()
    assert receipt.acknowledged_at is not None and receipt.acknowledged_by == cast.user_supervisor


def test_another_township_cannot_sign_for_a_supervisor(cast, guide, supervisors, login):
    guide_publish(guide=guide, by=cast.user_county)
    receipt = GuideAcknowledgement.objects.get(guide=guide, supervisor=supervisors["a1"])
    assert login(cast.user_b).post(f"/grid/guide-receipts/{receipt.pk}/sign/").status_code == 404
    assert login(cast.user_supervisor).post(f"/grid/guide-receipts/{receipt.pk}/sign/").status_code == 404
    receipt.refresh_from_db()
    assert receipt.acknowledged_at is None


def test_only_committees_publish(cast, guide, supervisors, login):
    assert login(cast.user_a).post(f"/grid/guides/{guide.pk}/publish/").status_code == 404
    assert login(cast.user_county).post(f"/grid/guides/{guide.pk}/publish/").status_code == 302
    assert GuideAcknowledgement.objects.filter(guide=guide).count() == 4


def test_townships_read_published_guides_of_the_committee_above(cast, guide, login):
    assert login(cast.user_a).get(f"/grid/guides/{guide.pk}/").status_code == 404  # a draft
    guide_publish(guide=guide, by=cast.user_county)
    assert login(cast.user_a).get(f"/grid/guides/{guide.pk}/").status_code == 200
    assert login(cast.user_other_county).get(f"/grid/guides/{guide.pk}/").status_code == 404


def test_publish_through_the_api(cast, guide, supervisors, client):
    client.force_login(cast.user_county)
    response = client.post(f"/api/v1/grid/guides/{guide.pk}/publish/")
    assert response.status_code == 200 and response.json()["sent"] == 4
    client.force_login(cast.user_supervisor)
    receipts = client.get("/api/v1/grid/guide-receipts/").json()
    assert receipts["count"] == 1
    signed = client.post(f"/api/v1/grid/guide-receipts/{receipts['results'][0]['id']}/sign/")
    assert signed.status_code == 200 and signed.json()["acknowledged_at"]


def test_the_guide_page_names_the_publisher_not_their_login(cast, guide, login):
    official = cast.user_county.official
    official.name = "县安委办 黄主任"
    official.save()
    guide_publish(guide=guide, by=cast.user_county)
    body = login(cast.user_a).get(f"/grid/guides/{guide.pk}/").content.decode()
    # Once in the 发布人 field and once in the change history.
    assert body.count("县安委办 黄主任") >= 2
    assert "→ county" not in body


def test_a_township_sees_the_county_of_a_guide_without_a_dead_link(cast, guide, login):
    guide_publish(guide=guide, by=cast.user_county)
    county_url = f'href="/grid/regions/{cast.county.pk}/"'
    body = login(cast.user_a).get(f"/grid/guides/{guide.pk}/").content.decode()
    assert cast.county.name in body
    assert county_url not in body  # the county's page answers 404 to a township
    assert login(cast.user_a).get(f"/grid/regions/{cast.county.pk}/").status_code == 404
    body = login(cast.user_county).get(f"/grid/guides/{guide.pk}/").content.decode()
    assert county_url in body


def test_no_edit_button_on_a_guide_of_a_higher_level(cast, login):
    city_guide = SupervisionGuide.objects.create(
        region=cast.city, year=2026, number=8, month=datetime.date(2026, 12, 1), title="市级指南", content="要点"
    )
    guide_publish(guide=city_guide, by=cast.user_city)
    edit_url = f"/grid/guides/{city_guide.pk}/edit/"
    county = login(cast.user_county)
    assert county.get(edit_url).status_code == 404
    assert f'href="{edit_url}"' not in county.get(f"/grid/guides/{city_guide.pk}/").content.decode()
    city = login(cast.user_city)
    assert f'href="{edit_url}"' in city.get(f"/grid/guides/{city_guide.pk}/").content.decode()


def test_signing_marks_the_guide_notice_read(cast, guide, supervisors, login):
    guide_publish(guide=guide, by=cast.user_county)
    other = SupervisionGuide.objects.create(
        region=cast.county, year=2026, number=8, month=datetime.date(2026, 12, 1), title="岁末年初", content="要点"
    )
    guide_publish(guide=other, by=cast.user_county)
    client = login(cast.user_supervisor)
    assert client.get("/").context["unread_notifications"] == 2
    receipt = GuideAcknowledgement.objects.get(guide=guide, supervisor=supervisors["a2"])
    client.post(f"/grid/guide-receipts/{receipt.pk}/sign/")
    # This guide's 请阅读并签收 is done; the other guide's still waits.
    assert client.get("/").context["unread_notifications"] == 1
    unread = Notification.objects.filter(recipient=cast.user_supervisor).unread().get()
    assert unread.object_id == other.pk
    # A township signing on the supervisor's behalf clears it too.
    guide_acknowledge(guide=other, supervisor=supervisors["a2"], by=cast.user_a)
    assert not Notification.objects.filter(recipient=cast.user_supervisor).unread().exists()
