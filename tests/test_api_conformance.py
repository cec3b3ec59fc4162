"""The API keeps its own OpenAPI document: schemathesis runs every operation against the app.

The schema is loaded from the app itself (WSGI, no server) as an
administrator and as a township official of the shared cast, with a few rows
of each kind in place so lists and details have something to answer. Each
operation gets a bounded, derandomized set of generated requests, valid and
invalid; every answer must be no server error and must match the document:
its status declared, its content type declared, its body valid against the
declared schema.
"""

import datetime

import pytest
import schemathesis
from django.apps import apps
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.urls import resolve
from knox.models import AuthToken
from schemathesis.config import SchemathesisConfig
from schemathesis.generation.modes import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from base.models import Notification
from base.scoping import VIEW
from base.services import notify
from grid.models import (
    Craftsman,
    Fire,
    FireStation,
    FireStationStaff,
    GuideAcknowledgement,
    HouseChief,
    HouseInspection,
    HousingTraining,
    RuralHouse,
    SafetyExpert,
    SevenOnesItem,
    SmallVenueInspection,
    SupervisionGuide,
    SupervisionVisit,
    SupervisorAssessment,
    TipOff,
    VisitFinding,
)
from grid.tests.factories import GridSupervisorFactory, resident_id, supervised_enterprise, village_of
from hazards.models import HazardProgress, LeaderAssignment, SupervisionProgress
from hazards.tests.factories import HazardFactory, RiskPointFactory, SupervisionItemFactory
from inspections.models import (
    ChecklistItem,
    DutyAssignment,
    Evaluation,
    InspectionCheck,
    InspectionFinding,
    SelfCheckReport,
)
from inspections.tests.factories import make_campaign, make_inspection, make_team

# Examples per operation and a fixed seed: CI runs the same requests every time, in about a minute.
CONFIG = SchemathesisConfig.from_dict(
    {
        "seed": 20260801,
        "generation": {"max-examples": 6, "deterministic": True, "database": "none"},
        "phases": {"coverage": {"enabled": False}, "stateful": {"enabled": False}},
    }
)
CHECKS = [
    schemathesis.checks.not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
    content_type_conformance,
]
DAY = datetime.date(2026, 5, 6)


def seed(cast) -> None:
    """A row or two of each kind in township A, so lists, details and actions have something to find."""
    supervisor = GridSupervisorFactory(region=cast.township_a, official=cast.user_supervisor.official)
    enterprise = supervised_enterprise(supervisor, supervised_by="emergency")
    visit = SupervisionVisit.objects.create(
        supervisor=supervisor,
        enterprise=enterprise,
        region=cast.township_a,
        visited_on=DAY,
        items_checked=["responsibility"],
    )
    VisitFinding.objects.create(visit=visit, description="安全出口堵塞")
    guide = SupervisionGuide.objects.create(
        region=cast.county,
        year=2026,
        number=1,
        month=DAY,
        title="五月督导要点",
        content="检查安全出口",
        status="published",
    )
    GuideAcknowledgement.objects.create(guide=guide, supervisor=supervisor)
    SupervisorAssessment.objects.create(supervisor=supervisor, year=2026, period="q1")
    chief = HouseChief.objects.create(region=cast.township_a, name="陈房长", position="副镇长", phone="13800000001")
    craftsman = Craftsman.objects.create(
        region=cast.township_a, name="张工匠", id_number=resident_id("350404", 901), phone=""
    )
    house = RuralHouse.objects.create(
        region=cast.township_a,
        village=village_of(cast.township_a),
        owner_name="林建房",
        address="村口12号",
        floors=3,
        area=240,
        applied_on=DAY,
        craftsman=craftsman,
    )
    house.chiefs.add(chief)
    HouseInspection.objects.create(house=house, inspected_on=DAY, inspector="住建站", stage="under_construction")
    HousingTraining.objects.create(region=cast.township_a, held_on=DAY, title="农房安全培训", craftsmen=3)
    TipOff.objects.create(
        region=cast.township_a, received_at=datetime.datetime(2026, 5, 1, 9, tzinfo=datetime.UTC), content="违规加层"
    )
    station = FireStation.objects.create(region=cast.township_a, name="列东消防所", established_on=DAY)
    FireStationStaff.objects.create(
        station=station, name="消防员", role="full_time", phone="13800000005", active_from=DAY
    )
    SmallVenueInspection.objects.create(station=station, venue_name="小餐馆", venue_kind="shop", inspected_on=DAY)
    hazard = HazardFactory(region=cast.township_a, enterprise=enterprise, grade="major")
    HazardProgress.objects.create(hazard=hazard, text="已清理一半", percent=50)
    LeaderAssignment.objects.create(hazard=hazard, leader=cast.user_leader.official, round=2026, target_date=DAY)
    RiskPointFactory(region=cast.township_a, enterprise=enterprise)
    item = SupervisionItemFactory(region=cast.county)
    SupervisionProgress.objects.create(item=item, month=DAY.replace(day=1), text="已完成排查", percent=40)
    SafetyExpert.objects.create(region=cast.county, name="刘专家", specialty="结构", phone="13800000006")
    SevenOnesItem.objects.create(region=cast.county, item="policy", status="done", evidence="明政〔2021〕1号")
    Fire.objects.create(
        region=cast.township_a,
        occurred_at=datetime.datetime(2026, 4, 1, 9, tzinfo=datetime.UTC),
        place="某店",
        venue_kind="shop",
    )
    seed_inspections(cast, enterprise)
    notify([cast.user_admin, cast.user_a], "hazard", hazard, "有新的重大隐患")


def seed_inspections(cast, enterprise) -> None:
    """A campaign with its phases, duty, team, checklist, a failed inspection with a finding, a self-check."""
    campaign = make_campaign(cast.city)
    department = enterprise.department
    DutyAssignment.objects.create(
        campaign=campaign, department=department, industries=["industrial_trade"], supervision_levels=["county"]
    )
    team = make_team(cast.township_a, campaign=campaign)
    item = ChecklistItem.objects.create(region=cast.city, industry=enterprise.industry, number=1, text="安全出口畅通")
    inspection = make_inspection(cast.township_a, team=team, enterprise=enterprise, result="failed")
    InspectionCheck.objects.create(inspection=inspection, item=item, outcome="fail")
    InspectionFinding.objects.create(inspection=inspection, description="安全出口堵塞")
    SelfCheckReport.objects.create(
        campaign=campaign, enterprise=enterprise, checked_on=campaign.starts_on, items_checked=12
    )
    Evaluation.objects.create(year=2026, region=cast.county)


def visible_ids(user) -> dict[type, int]:
    """The id of a row of each model that ``user`` may see, for the ``{id}`` of generated requests."""
    ids = {Notification: Notification.objects.filter(recipient=user).latest("pk").pk}
    for app in ("grid", "hazards", "inspections"):
        for model in apps.get_app_config(app).get_models():
            if hasattr(model._default_manager, "for_user"):
                row = model._default_manager.for_user(user, VIEW).order_by("pk").last()
                if row is not None:
                    ids[model] = row.pk
    return ids


@pytest.fixture(params=["user_admin", "user_a"])
def api_user(request, cast):
    """An administrator and a township official, with the rows seeded."""
    seed(cast)
    return getattr(cast, request.param)


@pytest.fixture
def known_ids(api_user) -> dict[type, int]:
    return visible_ids(api_user)


def token_header(user) -> dict[str, str]:
    _, token = AuthToken.objects.create(user)
    return {"Authorization": f"Token {token}"}


@pytest.fixture
def wsgi_app(settings):
    """The site's WSGI application, as the test client runs it: inside the test's transaction."""
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "localhost"]  # schemathesis's client sends this host
    # A request's start and end close the database connection, and the test's transaction with it.
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield get_wsgi_application()
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def api_schema(api_user, wsgi_app):
    """The schema as the app serves it to the signed-in user."""
    return schemathesis.openapi.from_wsgi("/api/schema/", wsgi_app, config=CONFIG, headers=token_header(api_user))


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
def test_every_operation_keeps_to_the_schema(case, api_user, known_ids):
    if case.path_parameters and case.meta.generation.mode == GenerationMode.POSITIVE:
        # A valid id chosen at random names no row: point it at one the user may see.
        model = resolve(case.formatted_path.replace("{id}", "1")).func.cls.queryset.model
        if model in known_ids:
            case.path_parameters["id"] = known_ids[model]
    # A token per request: ``/api/token/logout/`` revokes every token of its user.
    case.call_and_validate(headers=token_header(api_user), checks=CHECKS)
