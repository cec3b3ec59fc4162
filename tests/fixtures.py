"""The fixed cast every app's tests use: officials of two townships of one
county, the county, another county, a department of the county, the city, a
leader, a grid supervisor and an administrator, on Sanming's real divisions."""

from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model

from grid.demo import seed_departments
from grid.models import Department, Official, Region


@dataclass
class Cast:
    township_a: Region
    township_b: Region
    county: Region
    other_township: Region
    other_county: Region
    city: Region
    users: dict

    def __getattr__(self, name):
        try:
            return self.users[name]
        except KeyError:
            raise AttributeError(name) from None


def make_official(username, region, role, *, department=None, post=""):
    user = get_user_model().objects.create_user(username, password="pw")
    Official.objects.create(user=user, name=username, region=region, role=role, department=department, post=post)
    return user


@pytest.fixture
def cast(db) -> Cast:
    seed_departments()
    regions = {
        r.code: r
        for r in Region.objects.filter(code__in=["350400", "350404", "350404001", "350404002", "350405", "350405001"])
    }
    emergency = Department.objects.get(region=regions["350404"], kind="emergency")
    users = {
        "user_a": make_official("township_a", regions["350404001"], "township"),
        "user_b": make_official("township_b", regions["350404002"], "township"),
        "user_county": make_official("county", regions["350404"], "county_committee"),
        "user_other_county": make_official("other_county", regions["350405"], "county_committee"),
        "user_department": make_official("department", regions["350404"], "department", department=emergency),
        "user_city": make_official("city", regions["350400"], "city_committee"),
        "user_leader": make_official("leader", regions["350400"], "leader", post="副市长"),
        "user_supervisor": make_official("supervisor", regions["350404001"], "grid_supervisor"),
        "user_admin": make_official("admin", regions["350400"], "admin"),
    }
    return Cast(
        township_a=regions["350404001"],
        township_b=regions["350404002"],
        county=regions["350404"],
        other_township=regions["350405001"],
        other_county=regions["350405"],
        city=regions["350400"],
        users=users,
    )


@pytest.fixture
def login(client):
    def as_user(user):
        client.force_login(user)
        return client

    return as_user
