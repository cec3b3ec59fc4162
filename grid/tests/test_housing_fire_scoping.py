"""The jurisdiction contract for the 房长制 registries and the township fire stations."""

import datetime

from grid.importers import CraftsmanImporter
from grid.models import (
    Craftsman,
    Fire,
    FireStation,
    FireStationStaff,
    HouseChief,
    HouseInspection,
    HousingTraining,
    RuralHouse,
    SafetyExpert,
    SevenOnesItem,
    SmallVenueInspection,
    TipOff,
)
from tests.scoping import (
    CountyRows,
    ScopedApiWrites,
    ScopedEdit,
    ScopedExport,
    ScopedImport,
    ScopedPages,
    TownshipRows,
    import_workbook,
    workbook_upload,
)

from .factories import resident_id, village_of


def house(region, **kwargs):
    return RuralHouse.objects.create(
        region=region,
        village=village_of(region),
        owner_name="林建房",
        address="村口12号",
        floors=3,
        area=240,
        stage="approved",
        applied_on=datetime.date(2026, 3, 1),
        approved_on=datetime.date(2026, 3, 20),
        **kwargs,
    )


def station(region):
    return FireStation.objects.create(
        region=region, name=f"{region.name}消防所", established_on=datetime.date(2021, 6, 1), full_time_posts=2
    )


class TestRuralHouseScoping(TownshipRows, ScopedPages, ScopedEdit, ScopedExport, ScopedApiWrites):
    model = RuralHouse

    def make(self, region):
        return house(region)

    def form_data(self, obj, region):
        return {
            "region": region.pk,
            "village": village_of(region).pk,
            "owner_name": obj.owner_name,
            "address": obj.address,
            "floors": 3,
            "area": "240",
            "stage": "applied",
            "applied_on": "2026-03-01",
        }

    def api_data(self, region):
        return self.form_data(RuralHouse(owner_name="王建房", address="溪边5号"), region)


class TestHouseChiefScoping(TownshipRows, ScopedPages, ScopedEdit, ScopedExport, ScopedApiWrites):
    model = HouseChief

    def make(self, region):
        return HouseChief.objects.create(region=region, name="陈房长", position="副镇长", phone="13800000001")

    def form_data(self, obj, region):
        return {"region": region.pk, "name": obj.name, "position": obj.position, "phone": obj.phone, "is_active": "on"}

    def api_data(self, region):
        return {"region": region.pk, "name": "李房长", "position": "镇长", "phone": "13800000002"}


class TestCraftsmanScoping(TownshipRows, ScopedPages, ScopedEdit, ScopedImport, ScopedExport, ScopedApiWrites):
    model = Craftsman
    serial = 0

    def import_row(self, region):
        return {"姓名": "郑工匠", "身份证号码": self.next_id(), "手机号码": "13800000007", "登记地": region.code}

    def test_a_workbook_of_craftsmen_imports(self, cast, rows, login):
        upload = workbook_upload(
            CraftsmanImporter,
            [{**self.import_row(cast.township_a), "工种": "木工", "工匠协会会员": "是"} for _ in range(3)],
        )
        response = import_workbook(login(cast.user_a), "/grid/craftsmen/import/", upload)
        assert response.status_code == 302
        assert Craftsman.objects.filter(region=cast.township_a, association_member=True).count() == 3

    def next_id(self):
        TestCraftsmanScoping.serial += 1
        return resident_id("350404", 500 + TestCraftsmanScoping.serial)

    def make(self, region):
        return Craftsman.objects.create(region=region, name="张工匠", id_number=self.next_id(), phone="13800000003")

    def form_data(self, obj, region):
        return {"region": region.pk, "name": obj.name, "id_number": obj.id_number, "phone": obj.phone}

    def api_data(self, region):
        return {"region": region.pk, "name": "吴工匠", "id_number": self.next_id(), "phone": "13800000004"}


class TestHousingTrainingScoping(TownshipRows, ScopedPages, ScopedEdit, ScopedExport, ScopedApiWrites):
    model = HousingTraining

    def make(self, region):
        return HousingTraining.objects.create(
            region=region, held_on=datetime.date(2026, 4, 1), title="农房安全培训", craftsmen=30, builders=12
        )

    def form_data(self, obj, region):
        return {
            "region": region.pk,
            "held_on": "2026-04-01",
            "title": obj.title,
            "craftsmen": 3,
            "officials": 0,
            "builders": 0,
        }

    def api_data(self, region):
        return {"region": region.pk, "held_on": "2026-04-02", "title": "培训", "craftsmen": 5}


class TestTipOffScoping(TownshipRows, ScopedPages, ScopedEdit, ScopedExport, ScopedApiWrites):
    model = TipOff

    def make(self, region):
        return TipOff.objects.create(
            region=region, received_at=datetime.datetime(2026, 5, 1, 9, tzinfo=datetime.UTC), content="违规加层"
        )

    def form_data(self, obj, region):
        return {
            "region": region.pk,
            "received_at": "2026-05-01T09:00",
            "content": obj.content,
            "status": "received",
            "reward": "0",
        }

    def api_data(self, region):
        return {"region": region.pk, "received_at": "2026-05-02T10:00:00+08:00", "content": "无证施工"}


class TestFireStationScoping(TownshipRows, ScopedPages, ScopedEdit, ScopedExport, ScopedApiWrites):
    model = FireStation

    def make(self, region):
        return station(region)

    def form_data(self, obj, region):
        return {
            "region": region.pk,
            "name": obj.name,
            "established_on": "2021-06-01",
            "full_time_posts": 2,
            "part_time_posts": 1,
        }

    def api_data(self, region):
        return {"region": region.pk, "name": "消防所", "established_on": "2021-06-01"}


class TestFireScoping(TownshipRows, ScopedPages, ScopedEdit, ScopedExport, ScopedApiWrites):
    model = Fire

    def make(self, region):
        return Fire.objects.create(
            region=region,
            occurred_at=datetime.datetime(2026, 1, 3, 2, tzinfo=datetime.UTC),
            place="出租屋",
            venue_kind="rental",
            deaths=1,
        )

    def form_data(self, obj, region):
        return {
            "region": region.pk,
            "occurred_at": "2026-01-03T10:00",
            "place": obj.place,
            "venue_kind": "rental",
            "deaths": 1,
            "injuries": 0,
            "loss": "0",
        }

    def api_data(self, region):
        return {
            "region": region.pk,
            "occurred_at": "2026-01-04T10:00:00+08:00",
            "place": "小餐馆",
            "venue_kind": "restaurant",
        }


class TestFireStationStaffScoping(TownshipRows, ScopedPages, ScopedEdit, ScopedExport, ScopedApiWrites):
    model = FireStationStaff
    refused_fields = ("station",)

    def make(self, region):
        home = FireStation.objects.filter(region=region).first() or station(region)
        return FireStationStaff.objects.create(
            station=home, name="消防员", role="full_time", phone="13800000005", active_from=datetime.date(2021, 7, 1)
        )

    def region_id_of(self, obj):
        return obj.station.region_id

    def form_data(self, obj, region):
        home = FireStation.objects.filter(region=region).first() or station(region)
        return {
            "station": home.pk,
            "name": obj.name,
            "role": obj.role,
            "phone": obj.phone,
            "active_from": "2021-07-01",
        }

    def api_data(self, region):
        home = FireStation.objects.filter(region=region).first() or station(region)
        return {
            "station": home.pk,
            "name": "新人",
            "role": "part_time",
            "phone": "13800000006",
            "active_from": "2022-01-01",
        }


class TestSmallVenueInspectionScoping(TownshipRows, ScopedPages, ScopedEdit, ScopedExport, ScopedApiWrites):
    model = SmallVenueInspection
    refused_fields = ("station",)

    def make(self, region):
        home = FireStation.objects.filter(region=region).first() or station(region)
        return SmallVenueInspection.objects.create(
            station=home, venue_name="好再来餐馆", venue_kind="restaurant", inspected_on=datetime.date(2026, 2, 2)
        )

    def region_id_of(self, obj):
        return obj.station.region_id

    def form_data(self, obj, region):
        home = FireStation.objects.filter(region=region).first() or station(region)
        return {
            "station": home.pk,
            "venue_name": obj.venue_name,
            "venue_kind": "restaurant",
            "inspected_on": "2026-02-02",
        }

    def api_data(self, region):
        home = FireStation.objects.filter(region=region).first() or station(region)
        return {"station": home.pk, "venue_name": "小卖部", "venue_kind": "shop", "inspected_on": "2026-02-03"}


class TestSafetyExpertScoping(CountyRows, ScopedPages, ScopedEdit, ScopedExport, ScopedApiWrites):
    """A county's technical support group: township officials do not see it."""

    model = SafetyExpert

    def make(self, region):
        return SafetyExpert.objects.create(region=region, name="邓专家", specialty="结构", phone="13800000008")

    def form_data(self, obj, region):
        return {"region": region.pk, "name": obj.name, "specialty": obj.specialty, "phone": obj.phone}

    def api_data(self, region):
        return {"region": region.pk, "name": "许专家", "specialty": "岩土", "phone": "13800000009"}


class TestHouseInspectionScoping(TownshipRows, ScopedPages, ScopedEdit, ScopedExport, ScopedApiWrites):
    # An inspection's township is its house's: the refusal names the house.
    refused_fields = ("house",)
    model = HouseInspection

    def make(self, region):
        return HouseInspection.objects.create(
            house=house(region), inspected_on=datetime.date(2026, 4, 2), inspector="周检查", stage="approved"
        )

    def region_id_of(self, obj):
        return obj.house.region_id

    def form_data(self, obj, region):
        return {
            "house": house(region).pk,
            "inspected_on": "2026-04-02",
            "inspector": obj.inspector,
            "stage": "approved",
            "passed": "on",
        }

    def api_data(self, region):
        return {"house": house(region).pk, "inspected_on": "2026-04-03", "inspector": "吴检查", "stage": "approved"}


class TestSevenOnesItemScoping(CountyRows, ScopedPages, ScopedEdit, ScopedExport, ScopedApiWrites):
    """A county's 七个一: its townships read the items (they carry them out) and never change them."""

    model = SevenOnesItem
    township_reads = True

    def make(self, region):
        return SevenOnesItem.objects.create(region=region, item="hotline", status="in_progress")

    def form_data(self, obj, region):
        return {"region": region.pk, "item": "association", "status": "in_progress", "evidence": ""}

    def api_data(self, region):
        return {"region": region.pk, "item": "policy", "status": "not_started"}
