"""The fixed cast every app's tests use: officials of two townships of one
county, the county, another county, a department of the county, the city, a
leader, a grid supervisor and an administrator, on Sanming's real divisions."""

from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model
from django.db import connection

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


CODES = {
    "township_a": "350404001",
    "township_b": "350404002",
    "county": "350404",
    "other_township": "350405001",
    "other_county": "350405",
    "city": "350400",
}
# username, region, role and extras of each member of the cast.
MEMBERS = {
    "user_a": ("township_a", "township_a", "township", {}),
    "user_b": ("township_b", "township_b", "township", {}),
    "user_county": ("county", "county", "county_committee", {}),
    "user_other_county": ("other_county", "other_county", "county_committee", {}),
    "user_department": ("department", "county", "department", {"department": "emergency"}),
    "user_city": ("city", "city", "city_committee", {}),
    "user_leader": ("leader", "city", "leader", {"post": "副市长"}),
    "user_supervisor": ("supervisor", "township_a", "grid_supervisor", {}),
    "user_admin": ("admin", "city", "admin", {}),
}


def cast_regions() -> dict[str, Region]:
    by_code = {r.code: r for r in Region.objects.filter(code__in=CODES.values())}
    return {name: by_code[code] for name, code in CODES.items()}


def ensure_cast() -> None:
    """The departments and the cast's officials, unless they are there already."""
    if get_user_model().objects.filter(username="township_a").exists():
        return
    seed_departments()
    regions = cast_regions()
    for username, region, role, extras in MEMBERS.values():
        if "department" in extras:
            extras = {**extras, "department": Department.objects.get(region=regions[region], kind=extras["department"])}
        make_official(username, regions[region], role, **extras)


def ensure_divisions() -> None:
    """The divisions the migrations load, back from their copy after a transactional test's flush.

    One statement, where a serialized rollback saves some 2,000 regions one by one before every test.
    """
    if not Region.objects.exists():
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {Region._meta.db_table} SELECT * FROM {DIVISIONS_COPY}")


DIVISIONS_COPY = "test_divisions_copy"


@pytest.fixture(scope="session")
def cast_in_database(django_db_setup, django_db_blocker):
    """The cast, committed once for the whole run (every test rolls its own changes back), and a copy
    of the divisions for transactional tests to restore."""
    with django_db_blocker.unblock():
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {DIVISIONS_COPY}")
            cursor.execute(f"CREATE TABLE {DIVISIONS_COPY} AS SELECT * FROM {Region._meta.db_table}")
        ensure_cast()


@pytest.fixture
def cast(cast_in_database, db) -> Cast:
    # A transactional test (browser, worker) flushes the database after it; the next one restores
    # the divisions and makes the cast again.
    ensure_divisions()
    ensure_cast()
    return load_cast()


def load_cast() -> Cast:
    """The cast as it is in the database (for fixtures wider than one test, after ``cast_in_database``)."""
    users = {u.username: u for u in get_user_model().objects.filter(username__in=[m[0] for m in MEMBERS.values()])}
    return Cast(**cast_regions(), users={key: users[member[0]] for key, member in MEMBERS.items()})


@pytest.fixture
def login(client):
    def as_user(user):
        client.force_login(user)
        return client

    return as_user
