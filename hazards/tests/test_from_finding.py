"""A grid supervisor's visit finding opens a hazard that the hazards pages show (issue 4)."""

import datetime

import pytest
from django.urls import reverse

from base.models import Notification
from grid.services import visit_record
from grid.tests.factories import GridSupervisorFactory, link_login, supervised_enterprise
from hazards.models import Hazard


@pytest.fixture
def visit(cast):
    GridSupervisorFactory(region=cast.township_a, level="chief", position="镇长")
    supervisor = link_login(GridSupervisorFactory(region=cast.township_a, name="郑华"), cast.user_supervisor)
    enterprise = supervised_enterprise(supervisor, supervised_by="emergency", industry="hazardous_chemicals")
    return visit_record(
        supervisor=supervisor,
        enterprise=enterprise,
        visited_on=datetime.date(2026, 11, 20),
        items_checked=[],
        prompt_list_delivered=True,
        findings=["储罐区消防通道被占用"],
        by=cast.user_supervisor,
    )


def test_the_supervisor_opens_a_hazard_from_a_finding_and_the_township_is_told(cast, visit, login):
    finding = visit.findings.get()
    client = login(cast.user_supervisor)
    page = client.get(reverse("grid:supervision_visit_detail", args=[visit.pk])).content.decode()
    assert reverse("hazards:hazard_from_finding", args=[finding.pk]) in page

    response = client.post(reverse("hazards:hazard_from_finding", args=[finding.pk]), {"grade": "general"})
    hazard = Hazard.objects.get()
    assert response.url == hazard.get_absolute_url()
    assert (hazard.source, hazard.region, hazard.enterprise, hazard.visit_finding) == (
        "grid_visit",
        cast.township_a,
        visit.enterprise,
        finding,
    )
    assert (hazard.industry, hazard.found_on, hazard.finder) == ("hazardous_chemicals", visit.visited_on, "郑华")
    assert hazard.history.get().history_user == cast.user_supervisor

    # The hazards pages show it, to the township and to the supervisor.
    listed = login(cast.user_a).get(reverse("hazards:hazard_list")).context["object_list"]
    assert [h.pk for h in listed] == [hazard.pk]
    assert login(cast.user_supervisor).get(hazard.get_absolute_url()).status_code == 200
    assert Notification.objects.filter(recipient=cast.user_a, kind="hazard_from_visit").count() == 1
    assert not Notification.objects.filter(recipient=cast.user_b).exists()

    # The visit page now links the hazard instead of offering to open it again.
    page = login(cast.user_supervisor).get(reverse("grid:supervision_visit_detail", args=[visit.pk])).content.decode()
    assert hazard.get_absolute_url() in page


def test_a_finding_opens_one_hazard_only(cast, visit, login):
    finding = visit.findings.get()
    client = login(cast.user_a)
    client.post(reverse("hazards:hazard_from_finding", args=[finding.pk]), {"grade": "major"})
    response = client.post(reverse("hazards:hazard_from_finding", args=[finding.pk]), {"grade": "major"})
    assert response.url == reverse("grid:supervision_visit_detail", args=[visit.pk])
    assert Hazard.objects.filter(visit_finding=finding).count() == 1


def test_another_township_cannot_open_the_finding(cast, visit, login):
    finding = visit.findings.get()
    assert login(cast.user_b).post(reverse("hazards:hazard_from_finding", args=[finding.pk])).status_code == 404
    assert login(cast.user_leader).post(reverse("hazards:hazard_from_finding", args=[finding.pk])).status_code == 404
    assert not Hazard.objects.exists()


def test_the_api_opens_a_hazard_from_a_finding(cast, visit, client):
    finding = visit.findings.get()
    client.force_login(cast.user_b)
    url = "/api/v1/hazards/hazards/from-finding/"
    assert client.post(url, {"finding": finding.pk}, content_type="application/json").status_code == 404
    client.force_login(cast.user_supervisor)
    response = client.post(url, {"finding": finding.pk, "grade": "major"}, content_type="application/json")
    assert response.status_code == 201
    assert response.json()["region"] == cast.township_a.pk
    assert response.json()["source"] == "grid_visit"
    again = client.post(url, {"finding": finding.pk}, content_type="application/json")
    assert again.status_code == 400
    assert "已登记为隐患" in str(again.json())


def test_a_supervisor_sees_the_hazards_of_their_grids_only(cast, visit, login):
    from grid.tests.factories import EnterpriseFactory
    from hazards.tests.factories import HazardFactory

    own = HazardFactory(region=cast.township_a, enterprise=visit.enterprise)
    elsewhere = HazardFactory(region=cast.township_a, enterprise=EnterpriseFactory(region=cast.township_a))
    client = login(cast.user_supervisor)
    assert {h.pk for h in client.get(reverse("hazards:hazard_list")).context["object_list"]} == {own.pk}
    assert client.get(elsewhere.get_absolute_url()).status_code == 404
    # The township itself sees both.
    assert {h.pk for h in login(cast.user_a).get(reverse("hazards:hazard_list")).context["object_list"]} == {
        own.pk,
        elsewhere.pk,
    }
