"""Demo data of hazards, leader assignments, the supervision list and risk points.

Deterministic and idempotent: rows are keyed by their unit and title, so a
second run creates only what is missing. Dates are relative to today, so the
demo always has some hazards overdue and some closed.
"""

import datetime
import random
from decimal import Decimal

from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from base.choices import RiskGrade, Role
from grid.choices import RegionLevel
from grid.models import Enterprise, Official, Region

from .choices import (
    AssessmentMethod,
    AssignmentStatus,
    ControlLevel,
    HazardGrade,
    HazardSource,
    HazardStatus,
    RiskPointKind,
    RiskPointReview,
    SupervisionCategory,
    SupervisionSource,
    SupervisionStatus,
)
from .models import (
    Hazard,
    HazardProgress,
    LeaderAssignment,
    RiskPoint,
    SupervisionItem,
    SupervisionProgress,
    period_of,
    previous_period,
)

HAZARD_TEXTS = [
    ("消防通道堵塞", "厂区东侧消防通道堆放原材料，宽度不足4米。", "清理堆放物，设置禁停标线。"),
    ("配电箱防护缺失", "车间配电箱门损坏，带电部位裸露。", "更换配电箱门，加装警示标识。"),
    ("有限空间作业无审批", "污水池清理未办理有限空间作业审批，未配备检测仪。", "建立审批制度，配备气体检测仪。"),
    ("脚手架连墙件缺失", "在建工程北立面脚手架连墙件缺失6处。", "按方案补设连墙件并验收。"),
    ("危化品仓库超量储存", "甲类仓库储存量超过设计容量。", "转移超量物品，严格限量储存。"),
    ("安全出口锁闭", "营业期间二层安全出口上锁。", "拆除锁具，安装推杠门。"),
    ("特种设备未定期检验", "叉车2台超期未检验。", "停用并报检，检验合格后使用。"),
    ("粉尘清扫制度未落实", "除尘系统积尘严重，未按规定清扫。", "落实每班清扫，修订制度。"),
    ("燃气管道腐蚀", "厨房燃气管道锈蚀，存在泄漏风险。", "更换管道，加装泄漏报警装置。"),
    ("边坡监测缺失", "矿区西侧边坡未设位移监测。", "布设监测点，委托第三方监测。"),
]
MAJOR_TEXTS = [
    ("尾矿库排洪系统不畅", "排洪井淤堵，汛期存在漫坝风险。", "疏浚排洪井，编制度汛方案。"),
    ("液氨制冷车间无泄漏报警", "液氨车间未设置氨泄漏报警与联锁。", "安装报警联锁装置，开展应急演练。"),
    ("深基坑支护变形超限", "基坑南侧支护桩位移超过预警值。", "停止开挖，加固支护，加密监测。"),
    ("人员密集场所疏散通道不足", "商场三层疏散宽度不足规范要求。", "增设疏散楼梯，调整经营布局。"),
]
RISK_NAMES = {
    RiskPointKind.PRODUCTION_SITE: "生产车间",
    RiskPointKind.STORAGE: "危险物品仓库",
    RiskPointKind.TAILINGS_POND: "尾矿库",
    RiskPointKind.CONSTRUCTION_SITE: "在建工地",
    RiskPointKind.CROWDED_PLACE: "营业场所",
    RiskPointKind.GEOLOGICAL: "边坡",
}
INDUSTRY_KIND = {
    "mining": RiskPointKind.TAILINGS_POND,
    "hazardous_chemicals": RiskPointKind.STORAGE,
    "fireworks": RiskPointKind.STORAGE,
    "construction": RiskPointKind.CONSTRUCTION_SITE,
    "crowded_places": RiskPointKind.CROWDED_PLACE,
    "tourism": RiskPointKind.GEOLOGICAL,
}
SUPERVISION_ITEMS = [
    ("重大隐患市县领导挂包整改", SupervisionSource.ANNUAL_REFORM, SupervisionCategory.WORK_SAFETY, "市应急管理局"),
    ("安全生产专项整治三年行动巩固提升", SupervisionSource.ANNUAL_REFORM, SupervisionCategory.WORK_SAFETY, "市安委办"),
    ("农村自建房安全专项整治", SupervisionSource.ANNUAL_REFORM, SupervisionCategory.WORK_SAFETY, "市住房和城乡建设局"),
    ("乡镇消防所规范化建设", SupervisionSource.ANNUAL_REFORM, SupervisionCategory.FIRE_SAFETY, "市消防救援支队"),
    ("森林防灭火责任落实", SupervisionSource.MONTHLY_KEY_WORK, SupervisionCategory.FOREST_FIRE, "市林业局"),
    ("主汛期防汛抗旱准备", SupervisionSource.MONTHLY_KEY_WORK, SupervisionCategory.FLOOD_DROUGHT, "市水利局"),
    ("企业安全生产主体责任落实调研", SupervisionSource.CPPCC_RESEARCH, SupervisionCategory.WORK_SAFETY, "市政协经济委"),
]


def add_arguments(parser) -> None:
    parser.add_argument("--hazards", type=int, default=300, help="demo hazards in all (default 300)")


def _leaders() -> dict[str, Official]:
    """The demo leader for each county: the county's own leader where there is one, else the city's."""
    leaders = list(Official.objects.filter(role=Role.LEADER).select_related("region", "user"))
    city = next((leader for leader in leaders if leader.region.level == RegionLevel.CITY), None)
    by_county = {leader.region.code: leader for leader in leaders if leader.region.level == RegionLevel.COUNTY}
    counties = Region.objects.filter(level=RegionLevel.COUNTY).values_list("code", flat=True)
    return {code: by_county.get(code, city) for code in counties}


def seed_hazards(count: int, today: datetime.date) -> int:
    # Every other enterprise, round after round (at most one of each text per unit).
    enterprises = list(Enterprise.objects.select_related("region").order_by("pk")[::2])
    existing = set(Hazard.objects.values_list("enterprise_id", "title"))
    rng = random.Random(3)
    new = []
    for index in range(min(count, len(enterprises) * 10)):
        enterprise, rounds = enterprises[index % len(enterprises)], index // len(enterprises)
        major = index % 9 == 0
        texts = MAJOR_TEXTS if major else HAZARD_TEXTS
        title, description, measures = texts[(index + rounds) % len(texts)]
        if (enterprise.pk, title) in existing:
            continue
        found = today - datetime.timedelta(days=rng.randrange(5, 330))
        deadline = found + datetime.timedelta(days=rng.choice([15, 30, 60, 90] if not major else [90, 120, 180]))
        age = (today - found).days
        if deadline < today and rng.random() < 0.8:
            status = HazardStatus.CLOSED
        elif age > 20:
            status = rng.choice([HazardStatus.RECTIFYING, HazardStatus.RECTIFYING, HazardStatus.AWAITING_ACCEPTANCE])
        else:
            status = HazardStatus.REPORTED
        closed_on = min(today, deadline - datetime.timedelta(days=rng.randrange(0, 10))) if status == "closed" else None
        five = major and status != HazardStatus.REPORTED
        progress = rng.choice([0, 20, 40, 60, 80]) if status not in (HazardStatus.CLOSED, HazardStatus.REPORTED) else 0
        if status in (HazardStatus.CLOSED, HazardStatus.AWAITING_ACCEPTANCE):
            progress = 100  # only a finished rectification is submitted for acceptance
        new.append(
            Hazard(
                title=title,
                enterprise=enterprise,
                region=enterprise.region,
                department_id=enterprise.department_id,
                grade=HazardGrade.MAJOR if major else HazardGrade.GENERAL,
                industry=enterprise.industry,
                source=HazardSource.values[index % len(HazardSource.values)],
                description=description,
                found_on=found,
                finder=rng.choice(["王建国", "林志坚", "陈晓燕", "网格督导员 郑华", "企业安全员"]),
                measures=measures,
                responsible_person=enterprise.principal_name,
                responsible_unit=enterprise.name,
                funds=Decimal(rng.choice([0.5, 1, 2, 3.5, 5, 8])) * (20 if major else 1),
                deadline=deadline,
                status=status,
                progress=progress,
                closed_on=closed_on,
                acceptance_note="现场复核，隐患已消除。" if closed_on else "",
                **dict.fromkeys(Hazard.FIVE_IN_PLACE, five),
            )
        )
        existing.add((enterprise.pk, title))
    created = bulk_create_with_history(new, Hazard, default_change_reason="演示数据", batch_size=2000)
    return len(created)


def seed_assignments(today: datetime.date) -> int:
    leaders = _leaders()
    majors = Hazard.objects.filter(grade=HazardGrade.MAJOR, leader_assignments__isnull=True).select_related("region")
    new = []
    for hazard in majors:
        leader = leaders.get(hazard.region.code[:6])
        if leader is None:
            continue
        closed = hazard.status == HazardStatus.CLOSED
        new.append(
            LeaderAssignment(
                hazard=hazard,
                leader=leader,
                round=hazard.found_on.year,
                assigned_on=hazard.found_on + datetime.timedelta(days=3),
                target_date=hazard.deadline,
                status=AssignmentStatus.COMPLETED if closed else AssignmentStatus.ACTIVE,
                completed_on=hazard.closed_on if closed else None,
            )
        )
    return len(bulk_create_with_history(new, LeaderAssignment, default_change_reason="演示数据"))


def seed_progress(today: datetime.date) -> int:
    hazards = Hazard.objects.filter(status=HazardStatus.RECTIFYING, progress__gt=0, progress_reports__isnull=True)
    new = [
        HazardProgress(
            hazard=hazard,
            reported_on=min(today, hazard.found_on + datetime.timedelta(days=14)),
            text=f"已落实“{hazard.measures}”中的部分措施，完成约{hazard.progress}%。",
            percent=hazard.progress,
        )
        for hazard in hazards
    ]
    return len(bulk_create_with_history(new, HazardProgress, default_change_reason="演示数据"))


def seed_risk_points(today: datetime.date) -> int:
    """Points at the riskiest enterprises, this half-year and the last (carried forward and reviewed)."""
    current = period_of(today)
    previous = previous_period(current)
    enterprises = Enterprise.objects.filter(
        risk_grade__in=[RiskGrade.RED, RiskGrade.ORANGE, RiskGrade.YELLOW], longitude__isnull=False
    ).select_related("region")
    existing = set(RiskPoint.objects.values_list("enterprise_id", "period"))
    rng = random.Random(5)
    created = 0
    for period in (previous, current):
        new = []
        for enterprise in enterprises.order_by("pk")[:400]:
            if (enterprise.pk, period) in existing:
                continue
            kind = INDUSTRY_KIND.get(enterprise.industry, RiskPointKind.PRODUCTION_SITE)
            likelihood, severity = Decimal(rng.randint(2, 5)), Decimal(rng.randint(2, 5))
            level = (
                ControlLevel.CITY
                if likelihood * severity >= 20
                else ControlLevel.COUNTY
                if likelihood * severity >= 12
                else rng.choice([ControlLevel.TOWNSHIP, ControlLevel.ENTERPRISE])
            )
            point = RiskPoint(
                name=f"{enterprise.name}{RISK_NAMES[kind]}",
                enterprise=enterprise,
                region=enterprise.region,
                address=enterprise.address,
                longitude=enterprise.longitude + Decimal(rng.uniform(-0.003, 0.003)).quantize(Decimal("0.000001")),
                latitude=enterprise.latitude + Decimal(rng.uniform(-0.003, 0.003)).quantize(Decimal("0.000001")),
                kind=kind,
                industry=enterprise.industry,
                control_level=level,
                responsible_person=enterprise.principal_name,
                responsible_phone=enterprise.principal_phone,
                measures="落实岗位巡检、设备定期检测和应急处置卡，每月开展一次隐患排查。",
                method=AssessmentMethod.LS,
                likelihood=likelihood,
                severity=severity,
                period=period,
                review=RiskPointReview.NEW if period == previous else RiskPointReview.KEPT,
            )
            point.assess()
            new.append(point)
        created += len(bulk_create_with_history(new, RiskPoint, default_change_reason="演示数据"))
    # Link each current point to the previous period's point of the same unit (半年一滚动).
    previous_ids = dict(RiskPoint.objects.filter(period=previous).values_list("enterprise_id", "pk"))
    for point in RiskPoint.objects.filter(period=current, previous__isnull=True, enterprise__isnull=False):
        if point.enterprise_id in previous_ids:
            RiskPoint.objects.filter(pk=point.pk).update(previous_id=previous_ids[point.enterprise_id])
    return created


def seed_supervision(today: datetime.date) -> int:
    city = Region.objects.get(parent__isnull=True)
    county = Region.objects.filter(level=RegionLevel.COUNTY).order_by("code").first()
    owners = {o.region_id: o for o in Official.objects.filter(role__in=[Role.CITY_COMMITTEE, Role.COUNTY_COMMITTEE])}
    existing = set(SupervisionItem.objects.values_list("region_id", "title"))
    created = 0
    for region, specs in ((city, SUPERVISION_ITEMS), (county, SUPERVISION_ITEMS[:3])):
        for title, source, category, lead in specs:
            unit = lead if region == city else lead.replace("市", region.name, 1)
            if (region.pk, title) in existing:
                continue
            item = SupervisionItem.objects.create(
                region=region,
                year=today.year,
                title=title,
                source=source,
                category=category,
                lead_unit=unit,
                partner_units="各县（市、区）人民政府" if region == city else "各乡镇（街道）",
                responsible_leader="林副市长" if region == city else "黄副区长",
                owner=owners.get(region.pk),
                start_on=today.replace(month=1, day=1),
                deadline=today.replace(month=12, day=31),
                status=SupervisionStatus.IN_PROGRESS,
            )
            for month in range(1, today.month):
                SupervisionProgress.objects.create(
                    item=item,
                    month=datetime.date(today.year, month, 1),
                    text=f"{month}月：按计划推进，召开调度会1次，督导检查{month + 2}家单位。",
                    percent=min(100, month * 8),
                )
            created += 1
    return created


def seed(options: dict, log) -> None:
    today = timezone.localdate()
    log(f"隐患：新增 {seed_hazards(options.get('hazards', 300), today)}")
    log(f"挂包整改：新增 {seed_assignments(today)}")
    log(f"整改进展：新增 {seed_progress(today)}")
    log(f"风险点：新增 {seed_risk_points(today)}")
    log(f"督办事项：新增 {seed_supervision(today)}")
