"""The bulletin sheets and the dashboard agree with independent counts of the database."""

import datetime
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from grid.models import (
    Craftsman,
    Enterprise,
    Fire,
    FireStation,
    FireStationStaff,
    GridSupervisor,
    GuideAcknowledgement,
    HouseInspection,
    HousingTraining,
    RuralHouse,
    SevenOnesItem,
    SmallVenueInspection,
    SupervisionGuide,
    SupervisionVisit,
    TipOff,
    VisitFinding,
)
from grid.reports import dashboard
from grid.services import guide_acknowledge, guide_publish, visit_record
from sanming_safety.bulletin import write_bulletin

from .factories import (
    EnterpriseFactory,
    GridFactory,
    GridSupervisorFactory,
    resident_id,
    supervised_enterprise,
    village_of,
)

MONTH = datetime.date(2026, 3, 1)


def sheet_rows(workbook, title) -> dict[str, list]:
    sheet = workbook[title]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    headers = rows[0]
    return {row[0]: dict(zip(headers, row, strict=False)) for row in rows[1:] if row and row[0]}


@pytest.fixture
def world(cast):
    """Some of everything in two townships of 三元区 and one of 沙县区, in and around March 2026."""
    for township in (cast.township_a, cast.township_b, cast.other_township):
        chief = GridSupervisorFactory(region=township, level="chief")
        first = GridSupervisorFactory(region=township, level="first")
        GridSupervisorFactory(region=township, level="third", village=village_of(township))
        GridSupervisorFactory(region=township, level="second", active_to=datetime.date(2026, 2, 1))  # left
        enterprise = supervised_enterprise(first)
        EnterpriseFactory(region=township)  # in no grid
        GridFactory(region=township, industry="forest_fire")
        for day in (datetime.date(2026, 3, 3), datetime.date(2026, 3, 20), datetime.date(2026, 4, 2)):
            visit_record(
                supervisor=first,
                enterprise=enterprise,
                visited_on=day,
                items_checked=["ledger"],
                prompt_list_delivered=day.day == 3,
                findings=["问题甲", "问题乙"],
                by=None,
            )
        house = RuralHouse.objects.create(
            region=township,
            village=village_of(township),
            owner_name="建房人",
            address="村里",
            floors=2,
            area=120,
            stage="under_construction",
            applied_on=datetime.date(2026, 1, 1),
            approved_on=datetime.date(2026, 1, 10),
            started_on=datetime.date(2026, 2, 1),
        )
        HouseInspection.objects.create(house=house, inspected_on=MONTH, inspector="住建站", stage="under_construction")
        RuralHouse.objects.create(
            region=township,
            village=village_of(township),
            owner_name="申请人",
            address="村外",
            floors=3,
            area=200,
            applied_on=datetime.date(2026, 3, 5),
        )
        Craftsman.objects.create(
            region=township, name="工匠", id_number=resident_id("350404", 700 + township.pk), phone="13800000011"
        )
        HousingTraining.objects.create(
            region=township, held_on=MONTH, title="培训", craftsmen=10, officials=3, builders=7
        )
        TipOff.objects.create(
            region=township,
            received_at=datetime.datetime(2026, 3, 9, 2, tzinfo=datetime.UTC),
            content="违规加层",
            status="substantiated",
            result="已责令整改",
            reward=Decimal("500"),
            reward_paid_on=datetime.date(2026, 3, 15),
        )
        station = FireStation.objects.create(
            region=township,
            name=f"{township.name}消防所",
            established_on=datetime.date(2021, 5, 1),
            full_time_posts=2,
            part_time_posts=2,
        )
        FireStationStaff.objects.create(
            station=station, name="专职甲", role="full_time", phone="13800000012", active_from=datetime.date(2021, 5, 1)
        )
        FireStationStaff.objects.create(
            station=station, name="兼职甲", role="part_time", phone="13800000013", active_from=datetime.date(2021, 5, 1)
        )
        SmallVenueInspection.objects.create(
            station=station,
            venue_name="小店",
            venue_kind="shop",
            inspected_on=datetime.date(2026, 3, 11),
            hazards_found=2,
            findings="插线板",
        )
        Fire.objects.create(
            region=township,
            occurred_at=datetime.datetime(2026, 3, 12, 20, tzinfo=datetime.UTC),
            place="出租屋",
            venue_kind="rental",
            small_venue=True,
            deaths=1,
        )
        assert chief.pk
    guide = SupervisionGuide.objects.create(
        region=cast.city, year=2026, number=3, month=MONTH, title="三月", content="…"
    )
    guide_publish(guide=guide, by=cast.user_city)
    for receipt in GuideAcknowledgement.objects.filter(supervisor__region=cast.township_a):
        guide_acknowledge(guide=guide, supervisor=receipt.supervisor, by=cast.user_a)
    SevenOnesItem.objects.create(region=cast.county, item="policy", status="done", evidence="明政〔2021〕1号")
    return cast


def test_the_bulletin_sheets_equal_independent_counts(world):
    cast = world
    workbook = load_workbook(io.BytesIO(write_bulletin(MONTH, cast.city).getvalue()))
    county = cast.county
    in_county = {"region__parent": county}
    end = datetime.date(2026, 3, 31)

    supervisors = sheet_rows(workbook, "网格督导员")[county.name]
    active = GridSupervisor.objects.active(end).filter(**in_county)
    assert supervisors["总督导员"] == active.filter(level="chief").count() == 2
    assert supervisors["三级督导员"] == active.filter(level="third").count()
    assert supervisors["督导员合计"] == active.count() == 6
    assert supervisors["未纳入网格单位"] == Enterprise.objects.filter(grids__isnull=True, **in_county).count() == 2
    assert sheet_rows(workbook, "网格督导员")["合计"]["督导员合计"] == GridSupervisor.objects.active(end).count()

    assert sheet_rows(workbook, "网格（按类别）")[county.name]["森林防火"] == 2

    work = sheet_rows(workbook, "网格督导工作")[county.name]
    march = SupervisionVisit.objects.filter(visited_on__year=2026, visited_on__month=3, **in_county)
    assert work["督导次数"] == march.count() == 4
    assert work["督导单位数"] == march.values("enterprise").distinct().count()
    assert work["发现问题"] == VisitFinding.objects.filter(visit__in=march).count() == 8
    assert work["送达提示清单"] == march.filter(prompt_list_delivered=True).count() == 2
    receipts = GuideAcknowledgement.objects.filter(supervisor__region__parent=county)
    assert work["指南应签收"] == receipts.count() == 6
    assert work["指南已签收"] == receipts.filter(acknowledged_at__isnull=False).count() == 3
    assert work["签收率（%）"] == 50.0

    housing = sheet_rows(workbook, "房长制")[county.name]
    assert housing["在建"] == RuralHouse.objects.filter(stage="under_construction", **in_county).count() == 2
    assert housing["农房合计"] == RuralHouse.objects.filter(**in_county).count() == 4
    assert housing["已检查农房"] == RuralHouse.objects.filter(inspections__isnull=False, **in_county).count() == 2
    assert housing["培训人次（累计）"] == 40
    assert housing["本月举报"] == 2 and housing["奖励发放（元，累计）"] == 1000

    fire = sheet_rows(workbook, "乡镇消防所")[county.name]
    assert (fire["消防所"], fire["专职编制"], fire["专职在岗"], fire["兼职在岗"]) == (2, 4, 2, 2)
    assert fire["本月小场所检查"] == SmallVenueInspection.objects.filter(station__region__parent=county).count()
    assert fire["发现隐患"] == 4
    assert (fire["本月火灾"], fire["死亡人数"], fire["小场所火灾死亡"]) == (2, 2, 2)

    seven = sheet_rows(workbook, "房长制“七个一”")
    assert seven[county.name]["已完成"] == 1
    assert seven[cast.other_county.name]["已完成"] == 0


def test_a_county_bulletin_has_a_row_per_township(world):
    cast = world
    workbook = load_workbook(io.BytesIO(write_bulletin(MONTH, cast.county).getvalue()))
    rows = sheet_rows(workbook, "网格督导员")
    assert rows[cast.township_a.name]["督导员合计"] == 3
    assert cast.other_township.name not in rows
    assert "房长制“七个一”" not in workbook.sheetnames


def test_the_dashboard_counts_within_jurisdiction(world, django_assert_max_num_queries):
    cast = world
    with django_assert_max_num_queries(20):
        data = dashboard(cast.user_a)
    assert {row["label"]: row["count"] for row in data["supervisors"]}["总督导员"] == 1
    assert data["no_grid"] == 1
    assert data["receipts"] == {"total": 3, "read": 3, "rate": 100.0}
    assert data["stations"]["full_filled"] == 1
    city = dashboard(cast.user_city)
    assert sum(row["count"] for row in city["houses"]) == RuralHouse.objects.count() == 6


def test_the_dashboard_page_renders(world, login):
    response = login(world.user_city).get("/")
    assert response.status_code == 200
    assert "网格督导员与督导" in response.content.decode()
