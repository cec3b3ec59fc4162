import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from base.scoping import CHANGE, VIEW, OutOfJurisdiction, ensure_in_scope
from grid.models import Department, Enterprise, Region
from grid.tests.factories import EnterpriseFactory
from tests.scoping import api_ids


@pytest.fixture
def enterprises(cast):
    return {
        "a_emergency": EnterpriseFactory(region=cast.township_a, supervised_by="emergency"),
        "a_housing": EnterpriseFactory(region=cast.township_a, supervised_by="housing"),
        "b": EnterpriseFactory(region=cast.township_b, supervised_by="emergency"),
        "other": EnterpriseFactory(region=cast.other_township, supervised_by="emergency"),
    }


def visible(user, action=VIEW):
    return set(Enterprise.objects.for_user(user, action).values_list("pk", flat=True))


def test_a_user_without_official_sees_nothing(enterprises):
    user = get_user_model().objects.create_user("stranger")
    assert visible(user) == set()


def test_superuser_and_admin_role_see_everything(cast, enterprises):
    root = get_user_model().objects.create_superuser("root", password="pw")
    everything = {e.pk for e in enterprises.values()}
    assert visible(root) == everything
    assert visible(cast.user_admin, CHANGE) == everything


def test_department_official_sees_only_its_kind_in_its_county(cast, enterprises):
    assert visible(cast.user_department) == {enterprises["a_emergency"].pk, enterprises["b"].pk}


def test_leader_and_supervisor_may_view_but_not_change(cast, enterprises):
    assert visible(cast.user_leader) == {e.pk for e in enterprises.values()}
    assert visible(cast.user_leader, CHANGE) == set()
    # A supervisor sees the enterprises of their grids; this login has none yet.
    assert visible(cast.user_supervisor) == set()
    assert visible(cast.user_supervisor, CHANGE) == set()


def test_ensure_in_scope_refuses_a_row_outside(cast, enterprises):
    ensure_in_scope(enterprises["a_housing"], cast.user_a)
    with pytest.raises(OutOfJurisdiction):
        ensure_in_scope(enterprises["b"], cast.user_a)


def test_a_write_that_leaves_the_jurisdiction_is_undone(cast, login):
    """The department may pick any regulator in the form, but the saved row must stay its own."""
    housing = Department.objects.get(region=cast.county, kind="housing")
    data = {
        "name": "越权企业",
        "credit_code": EnterpriseFactory.build().credit_code,
        "industry": "construction",
        "region": cast.township_a.pk,
        "department": housing.pk,
        "supervision_level": "county",
        "risk_grade": "blue",
        "principal_name": "李四",
        "principal_id_number": EnterpriseFactory.build().principal_id_number,
        "principal_phone": "13905981234",
        "status": "operating",
    }
    response = login(cast.user_department).post(reverse("grid:enterprise_create"), data)
    assert response.status_code == 200
    assert "不在您的管辖范围内" in str(response.context["form"].non_field_errors())
    assert not Enterprise.objects.filter(name="越权企业").exists()
    assert not Enterprise.history.filter(name="越权企业").exists()


def test_api_write_that_leaves_the_jurisdiction_is_undone(cast, client):
    housing = Department.objects.get(region=cast.county, kind="housing")
    obj = EnterpriseFactory.build(region=cast.township_a)
    payload = {
        "name": obj.name,
        "credit_code": obj.credit_code,
        "industry": "construction",
        "region": cast.township_a.pk,
        "department": housing.pk,
        "supervision_level": "county",
        "risk_grade": "blue",
        "principal_name": "李四",
        "principal_id_number": obj.principal_id_number,
        "principal_phone": "13905981234",
        "status": "operating",
    }
    client.force_login(cast.user_department)
    response = client.post("/api/v1/grid/enterprises/", payload, content_type="application/json")
    assert response.status_code == 400
    assert not Enterprise.objects.filter(credit_code=obj.credit_code).exists()


def test_read_only_roles_cannot_write_through_the_api(cast, enterprises, client):
    client.force_login(cast.user_leader)
    url = f"/api/v1/grid/enterprises/{enterprises['a_emergency'].pk}/"
    assert client.get(url).status_code == 200
    assert client.patch(url, {"name": "改名"}, content_type="application/json").status_code == 403


def test_read_only_roles_get_no_create_page(cast, login):
    assert login(cast.user_leader).get(reverse("grid:enterprise_create")).status_code == 403


def test_form_choices_offer_only_the_users_townships(cast, login):
    form = login(cast.user_a).get(reverse("grid:enterprise_create")).context["form"]
    assert set(form.fields["region"].queryset.values_list("pk", flat=True)) == {cast.township_a.pk}
    form = login(cast.user_county).get(reverse("grid:enterprise_create")).context["form"]
    townships = form.fields["region"].queryset
    assert cast.township_b in townships and cast.other_township not in townships
    assert not townships.filter(level="village").exists()


def test_filter_choices_are_scoped_too(cast, enterprises, client):
    client.force_login(cast.user_a)
    response = client.get("/api/v1/grid/enterprises/", {"region": cast.township_b.pk})
    assert response.status_code == 400
    assert api_ids(client.get("/api/v1/grid/enterprises/", {"region": cast.township_a.pk})) == {
        enterprises["a_emergency"].pk,
        enterprises["a_housing"].pk,
    }


def test_departments_visible_are_own_subtree_and_levels_above(cast):
    names = set(Department.objects.for_user(cast.user_a).values_list("region__code", flat=True))
    assert names == {"350400", "350404"}
    assert Region.objects.for_user(cast.user_a).filter(level="county").count() == 0


def test_a_township_officials_only_township_is_preselected(cast, login):
    form = login(cast.user_a).get(reverse("grid:enterprise_create")).context["form"]
    assert form.initial["region"] == cast.township_a.pk
    form = login(cast.user_county).get(reverse("grid:enterprise_create")).context["form"]
    assert "region" not in form.initial


def test_the_edit_button_shows_only_on_records_the_user_may_change(cast, login):
    enterprise = EnterpriseFactory(region=cast.township_a, supervised_by="emergency")
    assert login(cast.user_a).get(enterprise.get_absolute_url()).context["can_change"]
    assert not login(cast.user_leader).get(enterprise.get_absolute_url()).context["can_change"]


def test_the_city_reads_its_rows_without_walking_the_region_tree(cast):
    """At the top of the tree every row is the city's: its lists count their own table, joined to nothing."""
    from hazards.models import LeaderAssignment
    from training.models import Attendance

    city_sql = str(LeaderAssignment.objects.for_user(cast.user_city).query)
    assert "grid_region" not in city_sql and "hazards_hazard" not in city_sql
    county_sql = str(LeaderAssignment.objects.for_user(cast.user_county).query)
    assert "grid_region" in county_sql and cast.county.path in county_sql
    # A kept row (an attendance kept by the class's organiser) is every row for the city too, not only the kept.
    assert "WHERE" not in str(Attendance.objects.for_user(cast.user_city).query)


def test_the_city_sees_every_row_the_tree_holds(cast, enterprises):
    assert visible(cast.user_city) == {e.pk for e in enterprises.values()}
    assert visible(cast.user_city, CHANGE) == {e.pk for e in enterprises.values()}


def test_a_county_reads_the_county_its_rows_store_instead_of_the_region_tree(cast):
    from hazards.models import Hazard
    from hazards.tests.factories import HazardFactory

    county_sql = str(Hazard.objects.for_user(cast.user_county).query)
    assert "county_id" in county_sql and "grid_region" not in county_sql
    ours = {HazardFactory(region=cast.township_a).pk, HazardFactory(region=cast.township_b).pk}
    HazardFactory(region=cast.other_township)
    assert set(Hazard.objects.for_user(cast.user_county).values_list("pk", flat=True)) == ours
    # A township's officials still read their subtree.
    assert "grid_region" in str(Hazard.objects.for_user(cast.user_a).query)
