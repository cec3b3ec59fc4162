import datetime

from base.choices import ChoiceSet, Colour


class HazardGrade(ChoiceSet):
    GENERAL = "general"
    MAJOR = "major"
    CHOICES = [(GENERAL, "一般隐患", Colour.YELLOW), (MAJOR, "重大隐患", Colour.RED)]


class HazardStatus(ChoiceSet):
    """登记 → 整改中 → 待验收 → 已销号; acceptance may be refused (back to 整改中)."""

    REPORTED = "reported"
    RECTIFYING = "rectifying"
    AWAITING_ACCEPTANCE = "awaiting_acceptance"
    CLOSED = "closed"
    CHOICES = [
        (REPORTED, "登记", Colour.GREY),
        (RECTIFYING, "整改中", Colour.BLUE),
        (AWAITING_ACCEPTANCE, "待验收", Colour.ORANGE),
        (CLOSED, "已销号", Colour.GREEN),
    ]
    OPEN = (REPORTED, RECTIFYING, AWAITING_ACCEPTANCE)


class HazardColour(ChoiceSet):
    """隐患分色治理: an open hazard's colour from its grade and timeliness."""

    RED = "red"
    ORANGE = "orange"
    YELLOW = "yellow"
    GREEN = "green"
    CHOICES = [
        (RED, "红色", Colour.RED),
        (ORANGE, "橙色", Colour.ORANGE),
        (YELLOW, "黄色", Colour.YELLOW),
        (GREEN, "绿色", Colour.GREEN),
    ]
    # The legend shown wherever the colours are.
    MEANING = {
        RED: "重大隐患已逾期",
        ORANGE: "重大隐患在整改期内，或一般隐患已逾期",
        YELLOW: "一般隐患在整改期内",
        GREEN: "已销号",
    }

    @classmethod
    def legend(cls) -> list[dict]:
        return [
            {"value": v, "label": label, "colour": colour, "meaning": cls.MEANING[v]}
            for v, label, colour in cls.CHOICES
        ]


class ExtensionStatus(ChoiceSet):
    """整改延期: requested by the rectifying unit, approved or refused by whoever decides."""

    PENDING = "pending"
    APPROVED = "approved"
    REFUSED = "refused"
    CHOICES = [
        (PENDING, "待审批", Colour.ORANGE),
        (APPROVED, "已批准", Colour.GREEN),
        (REFUSED, "不予批准", Colour.RED),
    ]


class HazardSource(ChoiceSet):
    SELF_CHECK = "self_check"
    DEPARTMENT_INSPECTION = "department_inspection"
    GRID_VISIT = "grid_visit"
    TIP_OFF = "tip_off"
    OTHER = "other"
    CHOICES = [
        (SELF_CHECK, "企业自查", Colour.BLUE),
        (DEPARTMENT_INSPECTION, "部门检查", Colour.ORANGE),
        (GRID_VISIT, "网格督导", Colour.GREEN),
        (TIP_OFF, "举报", Colour.RED),
        (OTHER, "其他", Colour.GREY),
    ]


class AssignmentStatus(ChoiceSet):
    ACTIVE = "active"
    COMPLETED = "completed"
    CHOICES = [(ACTIVE, "挂包整改中", Colour.ORANGE), (COMPLETED, "已完成", Colour.GREEN)]


class SupervisionSource(ChoiceSet):
    MONTHLY_KEY_WORK = "monthly_key_work"
    ANNUAL_REFORM = "annual_reform"
    CPPCC_RESEARCH = "cppcc_research"
    OTHER = "other"
    CHOICES = [
        (MONTHLY_KEY_WORK, "每月重点工作督查", Colour.ORANGE),
        (ANNUAL_REFORM, "年度重点发展改革清单", Colour.RED),
        (CPPCC_RESEARCH, "政协调研课题", Colour.BLUE),
        (OTHER, "其他", Colour.GREY),
    ]


class SupervisionCategory(ChoiceSet):
    WORK_SAFETY = "work_safety"
    FOREST_FIRE = "forest_fire"
    FLOOD_DROUGHT = "flood_drought"
    FIRE_SAFETY = "fire_safety"
    OTHER = "other"
    CHOICES = [
        (WORK_SAFETY, "安全生产", Colour.RED),
        (FOREST_FIRE, "森林防灭火", Colour.ORANGE),
        (FLOOD_DROUGHT, "防汛抗旱", Colour.BLUE),
        (FIRE_SAFETY, "消防安全", Colour.RED),
        (OTHER, "其他", Colour.GREY),
    ]


class SupervisionStatus(ChoiceSet):
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    CHOICES = [(IN_PROGRESS, "推进中", Colour.BLUE), (COMPLETED, "已完成", Colour.GREEN)]


class ControlLevel(ChoiceSet):
    """风险分级管控的管控层级."""

    CITY = "city"
    COUNTY = "county"
    TOWNSHIP = "township"
    ENTERPRISE = "enterprise"
    CHOICES = [
        (CITY, "市级", Colour.RED),
        (COUNTY, "县级", Colour.ORANGE),
        (TOWNSHIP, "乡镇级", Colour.YELLOW),
        (ENTERPRISE, "企业级", Colour.BLUE),
    ]


class RiskPointKind(ChoiceSet):
    PRODUCTION_SITE = "production_site"
    STORAGE = "storage"
    TAILINGS_POND = "tailings_pond"
    CONSTRUCTION_SITE = "construction_site"
    GEOLOGICAL = "geological"
    CROWDED_PLACE = "crowded_place"
    ROAD_SECTION = "road_section"
    OTHER = "other"
    CHOICES = [
        (PRODUCTION_SITE, "生产场所", Colour.BLUE),
        (STORAGE, "危险物品储存场所", Colour.RED),
        (TAILINGS_POND, "尾矿库", Colour.RED),
        (CONSTRUCTION_SITE, "在建工地", Colour.ORANGE),
        (GEOLOGICAL, "地质灾害隐患点", Colour.ORANGE),
        (CROWDED_PLACE, "人员密集场所", Colour.ORANGE),
        (ROAD_SECTION, "道路危险路段", Colour.YELLOW),
        (OTHER, "其他", Colour.GREY),
    ]


class AssessmentMethod(ChoiceSet):
    LS = "ls"
    LEC = "lec"
    DIRECT = "direct"
    CHOICES = [
        (LS, "LS 风险矩阵法（R=L×S）", Colour.BLUE),
        (LEC, "LEC 作业条件危险性分析法（D=L×E×C）", Colour.BLUE),
        (DIRECT, "直接判定", Colour.GREY),
    ]


class RiskPointReview(ChoiceSet):
    """半年一滚动: how a point carried into a new period was reviewed."""

    NEW = "new"
    PENDING = "pending"
    KEPT = "kept"
    REGRADED = "regraded"
    RETIRED = "retired"
    CHOICES = [
        (NEW, "本期新辨识", Colour.BLUE),
        (PENDING, "待复核", Colour.ORANGE),
        (KEPT, "保留", Colour.GREEN),
        (REGRADED, "重新定级", Colour.YELLOW),
        (RETIRED, "销号", Colour.GREY),
    ]
    DECISIONS = (KEPT, REGRADED, RETIRED)


class Period:
    """辨识周期: a half year, stored as 2026H1 / 2026H2 and read as 2026年上半年 / 2026年下半年.

    Not a ChoiceSet: the periods run on with the calendar. It answers ``label``
    and ``colour`` like one, so lists, details, history and Excel label it alike.
    """

    FIRST_YEAR = 2020

    @staticmethod
    def label(value: str) -> str:
        value = value or ""
        if len(value) == 6 and value[:4].isdigit() and value[4:] in ("H1", "H2"):
            return f"{value[:4]}年{'上' if value[4:] == 'H1' else '下'}半年"
        return value

    @staticmethod
    def colour(value: str) -> str:
        return ""

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        """Every period from 2020 to the next one, newest first."""
        today = datetime.date.today()
        periods = [f"{year}H{half}" for year in range(cls.FIRST_YEAR, today.year + 2) for half in (1, 2)]
        last = f"{today.year}H2" if today.month <= 6 else f"{today.year + 1}H1"
        periods = periods[: periods.index(last) + 1]
        return [(period, cls.label(period)) for period in reversed(periods)]
