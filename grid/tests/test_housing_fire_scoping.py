"""The jurisdiction contract for the 房长制 registries and the township fire stations."""

import datetime

from grid.importers import CraftsmanImporter
from grid.models import (
    Craftsman,
    Fire,
    FireStation,
    FireStationStaff,
    HouseChief,
    HousingTraining,
    RuralHouse,
    SmallVenueInspection,
    TipOff,
)
from tests.scoping import ScopingContract, import_workbook, workbook_upload

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


class TestRuralHouseScoping(ScopingContract):
    list_url_name = "grid:rural_house_list"
    detail_url_name = "grid:rural_house_detail"
    edit_url_name = "grid:rural_house_edit"
    api_url = "/api/v1/grid/houses/"

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


class TestHouseChiefScoping(ScopingContract):
    list_url_name = "grid:house_chief_list"
    detail_url_name = "grid:house_chief_detail"
    edit_url_name = "grid:house_chief_edit"
    api_url = "/api/v1/grid/house-chiefs/"

    def make(self, region):
        return HouseChief.objects.create(region=region, name="陈房长", position="副镇长", phone="13800000001")

    def form_data(self, obj, region):
        return {"region": region.pk, "name": obj.name, "position": obj.position, "phone": obj.phone, "is_active": "on"}

    def api_data(self, region):
        return {"region": region.pk, "name": "李房长", "position": "镇长", "phone": "13800000002"}


class TestCraftsmanScoping(ScopingContract):
    list_url_name = "grid:craftsman_list"
    detail_url_name = "grid:craftsman_detail"
    edit_url_name = "grid:craftsman_edit"
    api_url = "/api/v1/grid/craftsmen/"
    importer_class = CraftsmanImporter
    import_url_name = "grid:craftsman_import"
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


class TestHousingTrainingScoping(ScopingContract):
    list_url_name = "grid:housing_training_list"
    detail_url_name = "grid:housing_training_detail"
    edit_url_name = "grid:housing_training_edit"
    api_url = "/api/v1/grid/housing-trainings/"

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


class TestTipOffScoping(ScopingContract):
    list_url_name = "grid:tip_off_list"
    detail_url_name = "grid:tip_off_detail"
    edit_url_name = "grid:tip_off_edit"
    api_url = "/api/v1/grid/tip-offs/"

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


class TestFireStationScoping(ScopingContract):
    list_url_name = "grid:fire_station_list"
    detail_url_name = "grid:fire_station_detail"
    edit_url_name = "grid:fire_station_edit"
    api_url = "/api/v1/grid/fire-stations/"

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


class TestFireScoping(ScopingContract):
    list_url_name = "grid:fire_list"
    detail_url_name = "grid:fire_detail"
    edit_url_name = "grid:fire_edit"
    api_url = "/api/v1/grid/fires/"

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


class TestFireStationStaffScoping(ScopingContract):
    refused_fields = ("station",)
    list_url_name = "grid:fire_station_staff_list"
    detail_url_name = "grid:fire_station_staff_detail"
    api_url = "/api/v1/grid/fire-staff/"

    def make(self, region):
        home = FireStation.objects.filter(region=region).first() or station(region)
        return FireStationStaff.objects.create(
            station=home, name="消防员", role="full_time", phone="13800000005", active_from=datetime.date(2021, 7, 1)
        )

    def api_data(self, region):
        home = FireStation.objects.filter(region=region).first() or station(region)
        return {
            "station": home.pk,
            "name": "新人",
            "role": "part_time",
            "phone": "13800000006",
            "active_from": "2022-01-01",
        }


class TestSmallVenueInspectionScoping(ScopingContract):
    refused_fields = ("station",)
    list_url_name = "grid:small_venue_inspection_list"
    detail_url_name = "grid:small_venue_inspection_detail"
    api_url = "/api/v1/grid/venue-inspections/"

    def make(self, region):
        home = FireStation.objects.filter(region=region).first() or station(region)
        return SmallVenueInspection.objects.create(
            station=home, venue_name="好再来餐馆", venue_kind="restaurant", inspected_on=datetime.date(2026, 2, 2)
        )

    def api_data(self, region):
        home = FireStation.objects.filter(region=region).first() or station(region)
        return {"station": home.pk, "venue_name": "小卖部", "venue_kind": "shop", "inspected_on": "2026-02-03"}
