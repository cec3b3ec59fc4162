import zipfile

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from base.excel import ImportColumn, WorkbookImporter, workbook_problem
from base.scoping import VIEW

from .choices import RegionLevel, SupervisorLevel
from .forms import GridSupervisorImportForm, SupervisorImportLookup
from .models import TOWNSHIP_LEVELS, Grid, GridSupervisor, Region


class EnterpriseImporter(WorkbookImporter):
    """A county's or township's enterprise register, as they keep it in Excel."""

    title = "生产经营单位导入模板"
    unique = ("credit_code",)
    columns = [
        ImportColumn("单位名称", "name", required=True),
        ImportColumn("统一社会信用代码", "credit_code", required=True, note="18位，含校验位"),
        ImportColumn("行业", "industry", required=True),
        ImportColumn(
            "所在乡镇（街道）",
            "region",
            required=True,
            lookup=("code", "name"),
            note="乡镇（街道）名称或9位区划代码；重名时填代码",
        ),
        ImportColumn("地址", "address"),
        ImportColumn("经度", "longitude", note="如 117.639，与纬度同时填写"),
        ImportColumn("纬度", "latitude", note="如 26.263"),
        ImportColumn("监管部门", "department", note="部门全称，如 三元区应急管理局"),
        ImportColumn("监管层级", "supervision_level", required=True),
        ImportColumn("风险等级", "risk_grade", required=True),
        ImportColumn("基础薄弱", "weak_foundation", note="是 / 否"),
        ImportColumn("主要负责人", "principal_name", required=True),
        ImportColumn("负责人身份证号", "principal_id_number", required=True, note="18位，含校验位"),
        ImportColumn("负责人电话", "principal_phone", required=True),
        ImportColumn("经营状态", "status", required=True),
    ]


class GridSupervisorImporter(WorkbookImporter):
    """A county's or township's grid supervisors; one workbook holds hundreds or thousands."""

    title = "网格督导员导入模板"
    form_class = GridSupervisorImportForm
    unique = ("phone",)
    columns = [
        ImportColumn("姓名", "name", required=True),
        ImportColumn("手机号码", "phone", required=True, note="11位手机号，不可与已登记的督导员重复"),
        ImportColumn("职务", "position", required=True, note="如：镇党委书记、副镇长、安监站站长、村支书"),
        ImportColumn("督导员层级", "level", required=True),
        ImportColumn(
            "所在乡镇（街道）", "region", required=True, lookup=("code", "name"), note="乡镇（街道）名称或9位区划代码"
        ),
        ImportColumn(
            "所在村（居）",
            "village",
            lookup=("code",),
            note="三级督导员必填：村（居）12位区划代码（村名多有重名，故填代码）",
        ),
        ImportColumn("负责网格", "grid_names", note="本乡镇已建网格的名称，多个用顿号分隔，如：工贸企业、森林防火"),
        ImportColumn("任职起始", "active_from", note="日期，如 2022-01-01"),
        ImportColumn("任职截止", "active_to", note="在任的留空"),
    ]

    def __init__(self):
        self.lookup: SupervisorImportLookup | None = None

    def form_kwargs(self, user) -> dict:
        return {"user": user, "lookup": self.lookup}

    def run(self, upload, user, **kwargs):
        """Fetch what every row needs once, note the townships whose chief is in the file, then import."""
        self.lookup = self._build_lookup(user)
        self.lookup.chiefs_in_file = self._chief_townships(upload)
        upload.seek(0)
        return super().run(upload, user, **kwargs)

    def _build_lookup(self, user) -> SupervisorImportLookup:
        lookup = SupervisorImportLookup()
        regions = Region.objects.for_user(user, VIEW).filter(level__in=TOWNSHIP_LEVELS)
        lookup.regions = {region.pk: region for region in regions}
        villages = Region.objects.for_user(user, VIEW).filter(level=RegionLevel.VILLAGE)
        lookup.villages = {village.pk: village for village in villages}
        for grid in Grid.objects.for_user(user, VIEW).only("pk", "region_id", "industry", "name"):
            lookup.grids.setdefault(grid.region_id, {})[grid.label] = grid.pk
        lookup.phones = set(GridSupervisor.objects.values_list("phone", flat=True))
        lookup.chiefs = set(
            GridSupervisor.objects.active()
            .filter(level=SupervisorLevel.CHIEF, region_id__in=lookup.regions)
            .values_list("region_id", flat=True)
        )
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
    unique = ("id_number",)
    columns = [
        ImportColumn("姓名", "name", required=True),
        ImportColumn("身份证号码", "id_number", required=True, note="18位，含校验位"),
        ImportColumn("手机号码", "phone", required=True),
        ImportColumn(
            "登记地", "region", required=True, lookup=("code", "name"), note="县（市、区）或乡镇（街道）名称或代码"
        ),
        ImportColumn("工种", "trade", note="如：泥瓦工、木工"),
        ImportColumn("培训合格证书编号", "certificate_no"),
        ImportColumn("工匠协会会员", "association_member", note="是 / 否"),
    ]
