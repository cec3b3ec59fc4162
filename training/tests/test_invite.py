"""邀请参训: the organiser picks principals; their township and grid supervisors are told to bring them."""

import pytest
from django.urls import reverse

from base.models import Notification
from grid.tests.factories import GridFactory, GridSupervisorFactory
from training import services
from training.models import Invitation

from .factories import EnterpriseFactory, WarningClassFactory, running_class


@pytest.fixture
def klass(cast):
    return running_class(cast.county)


def test_inviting_notifies_the_township_and_the_grid_supervisor_once(cast, klass, django_capture_on_commit_callbacks):
    enterprise = EnterpriseFactory(region=cast.township_a, name="三元钢铁有限公司", principal_name="李明")
    grid = GridFactory(region=cast.township_a, enterprises=[enterprise])
    GridSupervisorFactory(region=cast.township_a, official=cast.user_supervisor.official, grids=[grid])
    with django_capture_on_commit_callbacks(execute=True):
        assert services.class_invite(warning_class=klass, enterprises=[enterprise], by=cast.user_county) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert services.class_invite(warning_class=klass, enterprises=[enterprise], by=cast.user_county) == 0
    notices = Notification.objects.filter(kind="training_invitation")
    assert sorted(n.recipient.username for n in notices) == ["supervisor", "township_a"]
    assert "请通知三元钢铁有限公司主要负责人李明" in notices[0].text
    assert Invitation.objects.get().region == cast.township_a


def test_the_invite_page_offers_principals_not_yet_attended_and_invites_the_chosen(login, cast, klass):
    came = EnterpriseFactory(region=cast.township_a, name="已参训企业")
    absent = EnterpriseFactory(region=cast.township_a, name="未参训企业")
    earlier = WarningClassFactory(region=cast.county)
    services.check_in(warning_class=earlier, id_number=came.principal_id_number, enforce_window=False)
    client = login(cast.user_county)
    url = reverse("training:warning_class_invite", args=[klass.pk])
    page = client.get(url, {"absent_this_year": "true", "region": cast.township_a.pk}).content.decode()
    assert "未参训企业" in page and "已参训企业" not in page
    response = client.post(url, {"enterprise": [absent.pk]})
    assert response.status_code == 302
    assert list(klass.invitations.values_list("enterprise__name", flat=True)) == ["未参训企业"]


def test_only_the_organiser_invites(login, cast, klass):
    url = reverse("training:warning_class_invite", args=[klass.pk])
    assert login(cast.user_a).get(url).status_code == 404
    assert login(cast.user_other_county).get(url).status_code == 404
