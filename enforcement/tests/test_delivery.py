"""The prompt list reaches departments, townships and, through grid supervisors, every enterprise."""

import datetime

from django.urls import reverse

from base.models import Notification
from grid.services import visit_record
from grid.tests.factories import EnterpriseFactory, GridFactory, GridSupervisorFactory, link_login

from ..models import PromptListDelivery, PromptListReceipt
from ..services import VERSION_PUBLISHED, delivery_record, version_publish
from .factories import PromptListVersionFactory, ViolationPromptItemFactory, published_version


def test_publishing_sends_each_township_and_department_one_receipt_and_one_notice(cast):
    version = PromptListVersionFactory(region=cast.county, year=2022)
    for number in range(1, 21):
        ViolationPromptItemFactory(version=version, number=number)
    created = version_publish(version=version, by=cast.user_county)
    townships = cast.county.children.filter(level__in=["township", "zone"]).count()
    departments = cast.user_department.official.department.region.departments.filter(has_inspection_duty=True).count()
    assert created == townships + departments
    assert version_publish(version=version, by=cast.user_county) == 0
    assert PromptListReceipt.objects.filter(version=version).count() == townships + departments
    notices = Notification.objects.filter(kind=VERSION_PUBLISHED)
    assert sorted(notices.values_list("recipient__username", flat=True)) == ["department", "township_a", "township_b"]
    assert "共20项" in notices.first().text


def test_a_township_acknowledges_its_receipt_and_its_notice_is_done(cast, login):
    version = PromptListVersionFactory(region=cast.county, year=2022)
    ViolationPromptItemFactory(version=version)
    version_publish(version=version, by=cast.user_county)
    receipt = PromptListReceipt.objects.get(version=version, region=cast.township_a, department__isnull=True)
    client = login(cast.user_a)
    page = client.get(reverse("enforcement:prompt_list_receipt_list"))
    assert [r.pk for r in page.context["object_list"]] == [receipt.pk]
    client.post(reverse("enforcement:prompt_list_receipt_acknowledge", args=[receipt.pk]))
    receipt.refresh_from_db()
    assert receipt.acknowledged_by == cast.user_a
    assert not Notification.objects.filter(recipient=cast.user_a, kind=VERSION_PUBLISHED, read_at__isnull=True)
    other = PromptListReceipt.objects.get(version=version, region=cast.township_b, department__isnull=True)
    assert client.post(reverse("enforcement:prompt_list_receipt_acknowledge", args=[other.pk])).status_code == 404


def coverage_page(client, **params):
    response = client.get(reverse("enforcement:coverage"), params)
    assert response.status_code == 200
    return response.context


def test_a_township_sees_its_coverage_and_a_supervisors_visit_moves_it(cast, login):
    version = published_version(region=cast.city, year=2022)
    supervisor = GridSupervisorFactory(region=cast.township_a)
    link_login(supervisor, cast.user_supervisor)
    reached, missing, visited = (EnterpriseFactory(region=cast.township_a, name=name) for name in "甲乙丙")
    grid = GridFactory(region=cast.township_a, name="工贸", enterprises=[reached, missing, visited])
    grid.supervisors.add(supervisor)
    EnterpriseFactory(region=cast.township_b, name="丁")  # township B's: not A's to reach
    delivery_record(enterprise=reached, delivered_on=datetime.date(2022, 4, 1), by=cast.user_a)
    client = login(cast.user_a)

    context = coverage_page(client)
    assert (context["coverage"]["total"], context["coverage"]["reached"], context["coverage"]["rate"]) == (3, 1, 33.3)
    assert {e.name for e in context["missing"]} == {"乙", "丙"}
    assert [(g.label, g.total, g.reached) for g in context["grids"]] == [("工贸", 3, 1)]

    visit = visit_record(
        supervisor=supervisor,
        enterprise=visited,
        visited_on=datetime.date.today(),
        items_checked=[],
        prompt_list_delivered=True,
        by=cast.user_supervisor,
    )
    delivery = PromptListDelivery.objects.get(enterprise=visited)
    assert (delivery.version, delivery.visit, delivery.channel) == (version, visit, "visit")
    context = coverage_page(client)
    assert (context["coverage"]["reached"], context["coverage"]["missing"]) == (2, 1)
    assert [e.name for e in context["missing"]] == ["乙"]
    assert [(g.total, g.reached) for g in context["grids"]] == [(3, 2)]
    page = client.get(reverse("grid:supervision_visit_detail", args=[visit.pk])).content.decode()
    assert "已送达" in page and "2022年版" in page


def test_a_second_delivery_of_the_same_version_is_the_first(cast):
    published_version(region=cast.city, year=2022)
    enterprise = EnterpriseFactory(region=cast.township_a)
    first = delivery_record(enterprise=enterprise, delivered_on=datetime.date(2022, 4, 1), by=cast.user_a)
    again = delivery_record(enterprise=enterprise, delivered_on=datetime.date(2022, 5, 1), by=cast.user_a)
    assert first == again and PromptListDelivery.objects.count() == 1


def test_the_county_sees_coverage_by_township(cast, login):
    version = published_version(region=cast.city, year=2022)
    a1, _a2, b1 = (EnterpriseFactory(region=r) for r in (cast.township_a, cast.township_a, cast.township_b))
    for enterprise in (a1, b1):
        delivery_record(enterprise=enterprise, delivered_on=datetime.date(2022, 4, 1), by=cast.user_county)
    context = coverage_page(login(cast.user_county), version=version.pk)
    rows = {row["region"].name: (row["total"], row["reached"]) for row in context["coverage"]["areas"] if row["total"]}
    assert rows == {cast.township_a.name: (2, 1), cast.township_b.name: (1, 1)}
