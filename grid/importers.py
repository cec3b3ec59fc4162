import zipfile

from django.db.models import Prefetch
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from base.excel import Column, WorkbookImporter, workbook_problem
from base.scoping import VIEW

from .choices import RegionLevel, SupervisorLevel
from .forms import GridSupervisorImportForm, SupervisorImportLookup
from .models import TOWNSHIP_LEVELS, Grid, GridSupervisor, Region

CREDIT_NOTE = "18位，含校验位；已登记的代码即更新该单位"
POSITION_NOTE = "如：镇党委书记、副镇长、安监站站长、村支书"
PHONE_NOTE = "11位手机号；已登记的号码即更新该督导员"
ID_NOTE = "18位，含校验位；已登记的号码即更新该工匠"


# The columns every township-bound register shares: its county (read only) and its township.
COUNTY = Column("region__parent__name", "县（市、区）", width=12)
TOWNSHIP = Column(
    "region__name",
    "所在乡镇（街道）",
    width=14,
    field="region",
    required=True,
    lookup=("code", "name"),
    note="乡镇（街道）名称或9位区划代码；重名时填代码",
)
ENTERPRISE_NOTE = "单位名称或统一社会信用代码"


def grid_labels(supervisor) -> str:
    return "、".join(grid.label for grid in supervisor.grids.all())


class EnterpriseImporter(WorkbookImporter):
    """A county's or township's enterprise register, as they keep it in Excel; the list and its export too."""

    title = "生产经营单位导入模板"
    key = "credit_code"
    unique = ("credit_code",)
    bulk_write = True
    columns = [
        Column("name", "单位名称", width=30, link=True, field="name", required=True),
        Column("credit_code", "统一社会信用代码", width=22, field="credit_code", required=True, note=CREDIT_NOTE),
        Column("industry", "行业", width=12, field="industry", required=True),
        COUNTY,
        TOWNSHIP,
        Column("address", "地址", width=30, field="address", page=False),
        Column("longitude", "经度", width=12, field="longitude", page=False, note="如 117.639，与纬度同时填写"),
        Column("latitude", "纬度", width=12, field="latitude", page=False, note="如 26.263"),
        Column("department__name", "监管部门", width=22, field="department", note="部门全称，如 三元区应急管理局"),
        Column("supervision_level", "监管层级", width=10, field="supervision_level", required=True),
        Column("risk_grade", "风险等级", width=10, field="risk_grade", required=True),
        Column("weak_foundation", "基础薄弱", width=10, field="weak_foundation", note="是 / 否"),
        Column("principal_name", "主要负责人", width=12, field="principal_name", required=True),
        Column(
            "principal_id_number",
            "负责人身份证号",
            width=22,
            field="principal_id_number",
            required=True,
            page=False,
            note="18位，含校验位",
        ),
        Column("principal_phone", "负责人电话", width=16, field="principal_phone", required=True),
        Column("status", "经营状态", width=10, field="status", required=True),
    ]


class GridSupervisorImporter(WorkbookImporter):
    """A county's or township's grid supervisors; one workbook holds hundreds or thousands."""

    title = "网格督导员导入模板"
    form_class = GridSupervisorImportForm
    key = "phone"
    unique = ("phone",)
    columns = [
        Column("name", "姓名", width=10, link=True, field="name", required=True),
        Column("level", "督导员层级", width=12, field="level", required=True),
        Column(
            "position",
            "职务",
            width=18,
            field="position",
            required=True,
            note=POSITION_NOTE,
        ),
        Column("phone", "手机号码", width=14, field="phone", required=True, note=PHONE_NOTE),
        COUNTY,
        TOWNSHIP,
        Column(
            "village__name",
            "所在村（居）",
            width=14,
            field="village",
            lookup=("code", "name"),
            note="三级督导员必填：村（居）名称或12位区划代码（村名重名时填代码）",
        ),
        Column(
            "grids",
            "负责网格",
            width=30,
            value=grid_labels,
            field="grid_names",
            note="本乡镇已建网格的名称，多个用顿号分隔，如：工贸企业、森林防火",
        ),
        Column("active_from", "任职起始", width=12, field="active_from", note="日期，如 2022-01-01"),
        Column("active_to", "任职截止", width=12, field="active_to", note="在任的留空"),
        Column("official", "登录账号", width=10, value=lambda s: "已开通" if s.official_id else "未开通"),
    ]

    def __init__(self):
        self.lookup: SupervisorImportLookup | None = None

    def form_kwargs(self, user) -> dict:
        return {"user": user, "lookup": self.lookup}

    def prepare(self, upload, user) -> None:
        """Fetch what every row needs once and note the townships whose chief is in the file."""
        self.lookup = self._build_lookup(user)
        self.lookup.chiefs_in_file = self._chief_townships(upload)
        upload.seek(0)

    def existing_queryset(self):
        return super().existing_queryset().prefetch_related(Prefetch("grids", Grid.objects.order_by("industry")))

    def _build_lookup(self, user) -> SupervisorImportLookup:
        lookup = SupervisorImportLookup()
        regions = Region.objects.for_user(user, VIEW).filter(level__in=TOWNSHIP_LEVELS)
        lookup.regions = {region.pk: region for region in regions}
        villages = Region.objects.for_user(user, VIEW).filter(level=RegionLevel.VILLAGE)
        lookup.villages = {village.pk: village for village in villages}
        for grid in Grid.objects.for_user(user, VIEW).only("pk", "region_id", "industry", "name"):
            lookup.grids.setdefault(grid.region_id, {})[grid.label] = grid.pk
        lookup.phones = set(GridSupervisor.objects.values_list("phone", flat=True))
        chiefs = GridSupervisor.objects.active().filter(level=SupervisorLevel.CHIEF, region_id__in=lookup.regions)
        for region_id, pk in chiefs.values_list("region_id", "pk"):
            lookup.chiefs.setdefault(region_id, set()).add(pk)
        return lookup

    def _chief_townships(self, upload) -> set[int]:
        """Townships that get a chief from this very file, wherever in it the chief's row is."""
        if workbook_problem(upload):
            return set()
        try:
            sheet = load_workbook(upload, read_only=True, data_only=True).worksheets[0]
            sheet.reset_dimensions()
            rows = sheet.iter_rows(values_only=True)
            header = [str(cell or "").strip().rstrip("*").strip() for cell in next(rows, ())]
            level_at, region_at = header.index("督导员层级"), header.index("所在乡镇（街道）")
        except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError, IndexError):
            return set()  # the import proper reports what is wrong with the file
        by_text = {}
        for region in self.lookup.regions.values():
            by_text[region.code] = by_text[region.name] = region.pk
        chief_words = {SupervisorLevel.CHIEF, SupervisorLevel.label(SupervisorLevel.CHIEF)}
        found, blank_run = set(), 0
        for row in rows:
            blank_run = blank_run + 1 if all(value in (None, "") for value in row) else 0
            if blank_run >= self.max_blank_rows:
                break
            if len(row) > max(level_at, region_at) and str(row[level_at] or "").strip() in chief_words:
                pk = by_text.get(str(row[region_at] or "").strip())
                if pk is not None:
                    found.add(pk)
        return found


class CraftsmanImporter(WorkbookImporter):
    """A county's register of rural craftsmen (thousands city-wide), as kept by its craftsmen association."""

    title = "农村建筑工匠导入模板"
    key = "id_number"
    unique = ("id_number",)
    bulk_write = True
    columns = [
        Column("name", "姓名", width=10, link=True, field="name", required=True),
        Column(
            "id_number", "身份证号码", width=22, field="id_number", required=True, page=False, note="18位，含校验位"
        ),
        Column(
            "region__name",
            "登记地",
            width=14,
            field="region",
            required=True,
            lookup=("code", "name"),
            note="县（市、区）或乡镇（街道）名称或代码",
        ),
        Column("trade", "工种", width=10, field="trade", note="如：泥瓦工、木工"),
        Column("phone", "手机号码", width=14, field="phone", required=True),
        Column("certificate_no", "培训合格证书编号", width=20, field="certificate_no"),
        Column("association_member", "工匠协会会员", width=12, field="association_member", note="是 / 否"),
    ]
