"""Demo data of hazards, leader assignments, the supervision list and risk points.

Deterministic and idempotent: rows are keyed by their unit and title, so a
second run creates only what is missing. Dates are relative to today, so the
demo always has some hazards overdue and some closed.
"""

import datetime
import random
import re
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from base.choices import RiskGrade, Role
from base.models import Notification
from base.seeding import analyze
from grid.choices import Industry, RegionLevel
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

# What goes wrong where: each industry's common hazards (title, description, measures), so a gas
# company never has a tailings pond and an elevator firm never a deep foundation pit.
HAZARD_TEXTS = {
    Industry.INDUSTRIAL_TRADE: [
        ("配电箱防护缺失", "车间配电箱门损坏，带电部位裸露。", "更换配电箱门，加装警示标识。"),
        ("冲压设备安全防护失效", "2号冲床光电保护装置被短接，双手按钮失效。", "恢复光电保护，开展设备安全检查。"),
        ("粉尘清扫制度未落实", "抛光车间除尘管道积尘严重，未按规定清扫。", "落实每班清扫，修订粉尘防爆制度。"),
        ("有限空间作业无审批", "污水池清理未办理有限空间作业审批，未配备检测仪。", "建立审批制度，配备气体检测仪。"),
        ("消防通道堵塞", "厂区东侧消防通道堆放原材料，宽度不足4米。", "清理堆放物，设置禁停标线。"),
    ],
    Industry.CONSTRUCTION: [
        ("脚手架连墙件缺失", "北立面脚手架连墙件缺失6处。", "按方案补设连墙件并验收。"),
        ("临边洞口防护缺失", "5层楼板预留洞口未设防护栏杆和盖板。", "设置盖板和防护栏杆，挂设警示标志。"),
        ("塔吊限位装置失灵", "1号塔吊起重力矩限制器失灵。", "停用塔吊，维修后经检测合格再使用。"),
        ("施工用电未三级配电", "施工现场私拉电线，未执行三级配电两级保护。", "按规范整改临时用电，专人巡查。"),
    ],
    Industry.ROAD_TRANSPORT: [
        ("动态监控不在线", "3辆危货车辆卫星定位装置长期不在线。", "维修车载终端，落实专人监控。"),
        ("驾驶员超时驾驶", "驾驶员连续驾驶超过4小时未休息。", "约谈驾驶员，调整排班，强化动态监控。"),
        ("车辆逾期未检验", "2辆营运客车超期未年检。", "停运并送检，检验合格后恢复营运。"),
        ("停车场消防设施缺失", "车辆停放场未配置灭火器材。", "按规范配置灭火器，设置消防通道。"),
    ],
    Industry.HAZARDOUS_CHEMICALS: [
        ("危化品仓库超量储存", "甲类仓库储存量超过设计容量。", "转移超量物品，严格限量储存。"),
        ("储罐区静电接地失效", "甲醇储罐静电接地电阻超标。", "修复接地装置，委托检测。"),
        ("可燃气体报警器未校验", "装置区可燃气体报警器超期未校验。", "校验报警器，建立定期校验台账。"),
        ("动火作业票证不全", "检修动火作业未办理动火作业票。", "停止作业，规范特殊作业票证管理。"),
    ],
    Industry.MINING: [
        ("边坡监测缺失", "采场西侧边坡未设位移监测。", "布设监测点，委托第三方监测。"),
        ("井下通风不足", "掘进工作面风量低于规定值。", "调整通风系统，增设局部通风机。"),
        ("爆破器材管理不规范", "炸药库领退记录不全。", "完善领退登记，落实双人双锁。"),
        ("采空区未处理", "井下采空区未按设计充填。", "编制充填方案，按期完成充填。"),
    ],
    Industry.FIREWORKS: [
        ("仓库超量储存烟花爆竹", "1号成品库储存量超过核定量。", "转移超量产品，严格按核定量储存。"),
        ("防雷设施未检测", "仓库防雷装置超期未检测。", "委托检测，合格后方可储存。"),
        ("零售点与居住场所未分离", "零售点店内设有住人床铺。", "拆除住人设施，实行“三合一”分离。"),
        ("安全距离不足", "临时零售摊点距加油站不足100米。", "迁移摊点，重新核定安全距离。"),
    ],
    Industry.CROWDED_PLACES: [
        ("安全出口锁闭", "营业期间二层安全出口上锁。", "拆除锁具，安装推杠门。"),
        ("疏散指示标志损坏", "地下一层疏散指示标志不亮。", "更换疏散指示和应急照明，定期检查。"),
        ("消防控制室无人值守", "消防控制室夜间仅1人值班，未持证。", "落实双人持证值班制度。"),
        ("电动自行车违规充电", "商场后门楼道内有电动自行车充电。", "清理违规充电，设置集中充电点。"),
    ],
    Industry.SOCIAL_SERVICES: [
        ("厨房燃气管道腐蚀", "食堂燃气管道锈蚀，存在泄漏风险。", "更换管道，加装泄漏报警装置。"),
        ("自动喷水灭火系统瘫痪", "住养楼喷淋系统末端试水无水。", "维修消防水泵和管网，联动测试。"),
        ("夜间值班人员不足", "夜间仅1名护理员值守2层住养区。", "增配夜班人员，开展夜间疏散演练。"),
        ("易燃装修材料", "活动室墙面使用易燃泡沫板装饰。", "拆除易燃装饰，改用不燃材料。"),
    ],
    Industry.GAS: [
        ("燃气管道占压", "中压燃气管道上方违规搭建彩钢棚。", "拆除占压建筑，设置管道标志桩。"),
        ("瓶装液化气充装超量", "抽查5瓶液化气充装量超标。", "停用充装秤并校验，加强复检。"),
        ("调压箱未定期巡检", "城区3处调压箱巡检记录缺失。", "制定巡检计划，建立巡检台账。"),
        ("用户端未装报警器", "餐饮用户使用燃气未安装泄漏报警器。", "督促用户加装报警器和切断阀。"),
    ],
    Industry.SPECIAL_EQUIPMENT: [
        ("电梯超期未检验", "承保维保的2部电梯超期未定期检验。", "停用并报检，检验合格后使用。"),
        ("维保记录不实", "电梯维保记录与现场作业时间不符。", "整改维保记录，约谈维保人员。"),
        ("安装作业人员无证上岗", "电梯安装现场2名作业人员未取得特种设备作业证。", "停止作业，持证人员上岗。"),
        ("起重设备钢丝绳断丝", "门式起重机钢丝绳断丝超标。", "更换钢丝绳，开展全面检查。"),
    ],
    Industry.TOURISM: [
        ("游步道护栏松动", "景区临崖游步道护栏松动2处。", "加固护栏，设置警示标志。"),
        ("游乐设施未年检", "景区滑索设施超期未检验。", "停止运营，检验合格后开放。"),
        ("汛期未设置警戒", "溪边亲水平台未设置涨水警戒线。", "设置警戒标识，落实巡查预警。"),
        ("最大承载量未核定", "节假日游客量未按最大承载量控制。", "核定承载量，实行预约限流。"),
    ],
    Industry.OTHER: [
        ("电气线路私拉乱接", "仓库内电线私拉乱接，未穿管保护。", "重新敷设线路，加装漏电保护。"),
        ("灭火器过期", "营业场所4具灭火器超过有效期。", "更换灭火器，建立检查记录。"),
        ("安全责任制未建立", "未制定全员安全生产责任制。", "制定责任制并组织培训考核。"),
        ("应急预案未演练", "年度应急预案未组织演练。", "制定演练计划，本月内组织演练。"),
    ],
}
MAJOR_TEXTS = {
    Industry.INDUSTRIAL_TRADE: [
        ("液氨制冷车间无泄漏报警", "液氨车间未设置氨泄漏报警与联锁。", "安装报警联锁装置，开展应急演练。"),
        ("粉尘爆炸危险场所设在非框架结构", "铝粉抛光车间设于砖混结构厂房内。", "搬迁至独立框架厂房，完善泄爆设施。"),
    ],
    Industry.CONSTRUCTION: [
        ("深基坑支护变形超限", "基坑南侧支护桩位移超过预警值。", "停止开挖，加固支护，加密监测。"),
        ("高支模未经专家论证", "8米高支模架未编制专项方案并经专家论证。", "停止施工，组织专家论证后按方案搭设。"),
    ],
    Industry.ROAD_TRANSPORT: [("危货车辆罐体未检验", "5辆危货运输车罐体超期未检验。", "立即停运，送检合格后恢复。")],
    Industry.HAZARDOUS_CHEMICALS: [
        ("重点监管工艺未自动化控制", "硝化工艺未实现自动化控制和安全联锁。", "实施自动化改造，完善SIS系统。"),
        ("储罐区防火堤破损", "甲类储罐区防火堤多处开裂。", "修复防火堤，完善防渗措施。"),
    ],
    Industry.MINING: [
        ("尾矿库排洪系统不畅", "排洪井淤堵，汛期存在漫坝风险。", "疏浚排洪井，编制度汛方案。"),
        ("超层越界开采", "矿山在批准范围外开采。", "停止越界开采，封闭越界巷道。"),
    ],
    Industry.FIREWORKS: [("生产区擅自改变工房用途", "药物混合工房改作成品库。", "恢复工房用途，清理违规储存物品。")],
    Industry.CROWDED_PLACES: [
        ("人员密集场所疏散通道不足", "商场三层疏散宽度不足规范要求。", "增设疏散楼梯，调整经营布局。")
    ],
    Industry.SOCIAL_SERVICES: [
        ("养老机构住养楼无自动消防设施", "3层住养楼未设火灾自动报警系统。", "加装报警系统，完成前限制住养人数。")
    ],
    Industry.GAS: [
        ("燃气场站与居民区安全间距不足", "液化气储配站储罐与居民楼间距不足规范要求。", "减少储量，制定搬迁方案。")
    ],
    Industry.SPECIAL_EQUIPMENT: [("电梯制动器失效", "在用乘客电梯制动器制动力不足。", "立即停梯，更换制动器并检验。")],
    Industry.TOURISM: [("景区地质灾害点未治理", "景区入口上方边坡有落石风险。", "封闭危险区域，实施边坡治理工程。")],
    Industry.OTHER: [("违规住人的“三合一”场所", "仓库内设置员工宿舍。", "拆除住人设施，实行物理分隔。")],
}
# Each industry's risk point: its kind and the place it names.
RISK_POINTS = {
    Industry.INDUSTRIAL_TRADE: (RiskPointKind.PRODUCTION_SITE, "生产车间"),
    Industry.CONSTRUCTION: (RiskPointKind.CONSTRUCTION_SITE, "在建工地"),
    Industry.ROAD_TRANSPORT: (RiskPointKind.STORAGE, "危货车辆停车场"),
    Industry.HAZARDOUS_CHEMICALS: (RiskPointKind.STORAGE, "储罐区"),
    Industry.MINING: (RiskPointKind.TAILINGS_POND, "尾矿库"),
    Industry.FIREWORKS: (RiskPointKind.STORAGE, "成品仓库"),
    Industry.CROWDED_PLACES: (RiskPointKind.CROWDED_PLACE, "营业场所"),
    Industry.SOCIAL_SERVICES: (RiskPointKind.CROWDED_PLACE, "住养楼"),
    Industry.GAS: (RiskPointKind.STORAGE, "液化气储配站"),
    Industry.SPECIAL_EQUIPMENT: (RiskPointKind.PRODUCTION_SITE, "电梯安装作业现场"),
    Industry.TOURISM: (RiskPointKind.GEOLOGICAL, "景区边坡"),
    Industry.OTHER: (RiskPointKind.PRODUCTION_SITE, "经营场所"),
}
RISK_MEASURES = {
    RiskPointKind.PRODUCTION_SITE: "落实岗位巡检和设备定期检测，每月开展一次隐患排查。",
    RiskPointKind.STORAGE: "严格限量储存，可燃气体报警和视频监控在线，每日两次巡检。",
    RiskPointKind.TAILINGS_POND: "在线监测浸润线和库水位，汛前汛后全面检查，落实24小时值守。",
    RiskPointKind.CONSTRUCTION_SITE: "危大工程专项方案审批，旁站监理，每周联合检查。",
    RiskPointKind.CROWDED_PLACE: "疏散通道每日巡查，消防控制室双人持证值班，每季度疏散演练。",
    RiskPointKind.GEOLOGICAL: "雨季加密巡查，设置警示牌，险情预警时封闭疏散。",
}
PROGRESS_TEXTS = [
    "已完成“{step}”，其余措施正在落实，累计完成{percent}%。",
    "整改资金已到位，“{step}”基本完成，累计完成{percent}%。",
    "乡镇安监站现场复查，“{step}”已落实，剩余部分按计划推进，累计完成{percent}%。",
    "单位主要负责人牵头整改，“{step}”正在施工，累计完成{percent}%。",
]
MONTHLY_PROGRESS = [
    "{month}月：召开专题调度会，督导检查{n}家单位，发现问题已交办。",
    "{month}月：完成阶段性目标，印发工作提示1期，约谈进度滞后单位{k}家。",
    "{month}月：联合行业部门开展“四不两直”暗访，检查{n}家单位。",
    "{month}月：梳理问题清单，已整改{n}项，剩余{k}项按期推进。",
    "{month}月：开展专项培训1场，参训{n}人，推广典型做法。",
]
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


YEARS = 10  # the seed spreads hazards over ten years of history, the most recent the busiest


def found_day(rng: random.Random, today: datetime.date) -> datetime.date:
    """A day in the last ten years; later years hold more hazards (the work grows), the last year a fifth."""
    year_back = min(YEARS - 1, int(rng.expovariate(0.22)))
    return today - datetime.timedelta(days=year_back * 365 + rng.randrange(5 if year_back == 0 else 0, 365))


def seed_hazards(count: int, today: datetime.date, *, batch_size: int = 5000) -> int:
    """Hazards until there are ``count`` in all: every enterprise in turn, found over ten years.

    Hazard ``i`` is the ``i``-th of the sequence, so a second run with the same
    ``count`` creates nothing and a larger one only the rest.
    """
    have = Hazard.objects.count()
    enterprises = list(
        Enterprise.objects.order_by("pk").values_list(
            "pk", "region_id", "department_id", "industry", "principal_name", "name"
        )
    )
    if not enterprises or have >= count:
        return 0
    rng = random.Random(3 + have)
    finders = ["王建国", "林志坚", "陈晓燕", "网格督导员 郑华", "企业安全员"]
    sources = HazardSource.values
    created, batch = 0, []
    for index in range(have, count):
        pk, region_id, department_id, industry, principal, name = enterprises[index % len(enterprises)]
        major = index % 9 == 0
        texts = (MAJOR_TEXTS if major else HAZARD_TEXTS)[industry]
        title, description, measures = texts[(index // len(enterprises) + index) % len(texts)]
        # One in twenty is this year's and left late, so any demo has overdue hazards to chase.
        late = index % 20 == 1
        found = today - datetime.timedelta(days=rng.randrange(100, 300)) if late else found_day(rng, today)
        deadline = found + datetime.timedelta(days=rng.choice([90, 120, 180] if major else [15, 30, 60, 90]))
        age = (today - found).days
        # Old hazards are nearly all closed; a few from earlier years are still open (and overdue).
        if deadline < today and not late and rng.random() < (0.995 if age > 365 else 0.8):
            status = HazardStatus.CLOSED
        elif age > 20:
            status = rng.choice([HazardStatus.RECTIFYING, HazardStatus.RECTIFYING, HazardStatus.AWAITING_ACCEPTANCE])
        else:
            status = HazardStatus.REPORTED
        closed = status == HazardStatus.CLOSED
        closed_on = min(today, deadline - datetime.timedelta(days=rng.randrange(0, 10))) if closed else None
        five = major and status != HazardStatus.REPORTED
        progress = 0
        if status == HazardStatus.RECTIFYING:
            progress = rng.choice([0, 20, 40, 60, 80])
        elif status in (HazardStatus.CLOSED, HazardStatus.AWAITING_ACCEPTANCE):
            progress = 100  # only a finished rectification is submitted for acceptance
        batch.append(
            Hazard(
                title=title,
                enterprise_id=pk,
                region_id=region_id,
                department_id=department_id,
                grade=HazardGrade.MAJOR if major else HazardGrade.GENERAL,
                industry=industry,
                source=sources[index % len(sources)],
                description=description,
                found_on=found,
                finder=finders[index % len(finders)],
                measures=measures,
                responsible_person=principal,
                responsible_unit=name,
                funds=Decimal(rng.choice([0.5, 1, 2, 3.5, 5, 8])) * (20 if major else 1),
                deadline=deadline,
                status=status,
                progress=progress,
                closed_on=closed_on,
                acceptance_note="现场复核，隐患已消除。" if closed else "",
                **dict.fromkeys(Hazard.FIVE_IN_PLACE, five),
            )
        )
        if len(batch) >= batch_size:
            created += len(bulk_create_with_history(batch, Hazard, default_change_reason="演示数据"))
            batch = []
    return created + len(bulk_create_with_history(batch, Hazard, default_change_reason="演示数据"))


def seed_assignments(today: datetime.date, *, batch_size: int = 5000) -> int:
    """Every major hazard assigned to its county's leader in the round (year) it was found."""
    leaders = _leaders()
    majors = (
        Hazard.objects.filter(grade=HazardGrade.MAJOR, leader_assignments__isnull=True)
        .order_by("pk")
        .values_list("pk", "region__code", "status", "found_on", "deadline", "closed_on")
    )
    created, batch = 0, []
    for pk, code, status, found_on, deadline, closed_on in majors.iterator(chunk_size=batch_size):
        leader = leaders.get(code[:6])
        if leader is None:
            continue
        closed = status == HazardStatus.CLOSED
        batch.append(
            LeaderAssignment(
                hazard_id=pk,
                leader=leader,
                round=found_on.year,
                assigned_on=found_on + datetime.timedelta(days=3),
                target_date=deadline,
                status=AssignmentStatus.COMPLETED if closed else AssignmentStatus.ACTIVE,
                completed_on=closed_on if closed else None,
            )
        )
        if len(batch) >= batch_size:
            created += len(bulk_create_with_history(batch, LeaderAssignment, default_change_reason="演示数据"))
            batch = []
    return created + len(bulk_create_with_history(batch, LeaderAssignment, default_change_reason="演示数据"))


def seed_progress(today: datetime.date) -> int:
    hazards = Hazard.objects.filter(status=HazardStatus.RECTIFYING, progress__gt=0, progress_reports__isnull=True)
    new = []
    rows = hazards.order_by("pk").values_list("pk", "measures", "found_on", "progress")
    for pk, measures, found_on, progress in rows:
        steps = [step for step in re.split(r"[，。；]", measures) if step]
        text = PROGRESS_TEXTS[pk % len(PROGRESS_TEXTS)]
        new.append(
            HazardProgress(
                hazard_id=pk,
                reported_on=min(today, found_on + datetime.timedelta(days=14)),
                text=text.format(step=steps[pk % len(steps)], percent=progress),
                percent=progress,
            )
        )
    return len(bulk_create_with_history(new, HazardProgress, default_change_reason="演示数据", batch_size=5000))


def seed_risk_points(today: datetime.date) -> int:
    """Points at the riskiest enterprises (one in 50 units, at least 400), this half-year and the last
    (carried forward and reviewed)."""
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
        for enterprise in enterprises.order_by("pk")[: max(400, Enterprise.objects.count() // 50)]:
            if (enterprise.pk, period) in existing:
                continue
            kind, place = RISK_POINTS[enterprise.industry]
            likelihood, severity = Decimal(rng.randint(2, 5)), Decimal(rng.randint(2, 5))
            level = (
                ControlLevel.CITY
                if likelihood * severity >= 20
                else ControlLevel.COUNTY
                if likelihood * severity >= 12
                else rng.choice([ControlLevel.TOWNSHIP, ControlLevel.ENTERPRISE])
            )
            point = RiskPoint(
                name=f"{enterprise.name}{place}",
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
                measures=RISK_MEASURES[kind],
                method=AssessmentMethod.LS,
                likelihood=likelihood,
                severity=severity,
                period=period,
                review=RiskPointReview.NEW if period == previous else RiskPointReview.KEPT,
            )
            point.assess()
            new.append(point)
        created += len(bulk_create_with_history(new, RiskPoint, default_change_reason="演示数据", batch_size=2000))
    # Link each current point to the previous period's point of the same unit (半年一滚动).
    previous_ids = dict(RiskPoint.objects.filter(period=previous).values_list("enterprise_id", "pk"))
    for point in RiskPoint.objects.filter(period=current, previous__isnull=True, enterprise__isnull=False):
        if point.enterprise_id in previous_ids:
            RiskPoint.objects.filter(pk=point.pk).update(previous_id=previous_ids[point.enterprise_id])
    return created


def seed_notices(*, batch_size: int = 5000) -> int:
    """Each assignment's notice to its leader (read once the hazard is closed), dated the day it was assigned."""
    leader_users = dict(Official.objects.filter(role=Role.LEADER).values_list("pk", "user_id"))
    hazard_type = ContentType.objects.get_for_model(Hazard)
    told = Notification.objects.filter(kind="hazard_assigned", content_type=hazard_type)
    known = set(told.values_list("object_id", flat=True))
    rows = (
        LeaderAssignment.objects.order_by("pk")
        .values_list("hazard_id", "hazard__title", "hazard__region__name", "leader_id", "assigned_on", "status")
        .iterator(chunk_size=batch_size)
    )
    created, batch, dated = 0, [], []
    for hazard_id, title, township, leader_id, assigned_on, status in rows:
        user_id = leader_users.get(leader_id)
        if user_id is None or hazard_id in known:
            continue
        at = timezone.make_aware(datetime.datetime.combine(assigned_on, datetime.time(9)))
        batch.append(
            Notification(
                recipient_id=user_id,
                kind="hazard_assigned",
                content_type=hazard_type,
                object_id=hazard_id,
                text=f"您已挂包重大隐患“{title}”（{township}）。",
                url=Hazard(pk=hazard_id).get_absolute_url(),
                read_at=at + datetime.timedelta(days=1) if status == AssignmentStatus.COMPLETED else None,
            )
        )
        dated.append(at)
        if len(batch) >= batch_size:
            created += _insert_dated(batch, dated)
            batch, dated = [], []
    return created + _insert_dated(batch, dated)


def _insert_dated(notices: list[Notification], dates: list[datetime.datetime]) -> int:
    """Insert ``notices`` and give each its date (``created_at`` is set on insert; the demo backdates it)."""
    Notification.objects.bulk_create(notices)
    for notice, at in zip(notices, dates, strict=True):
        notice.created_at = at
    Notification.objects.bulk_update(notices, ["created_at"], batch_size=1000)
    return len(notices)


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
                text = MONTHLY_PROGRESS[(month + len(title)) % len(MONTHLY_PROGRESS)]
                SupervisionProgress.objects.create(
                    item=item,
                    month=datetime.date(today.year, month, 1),
                    text=text.format(month=month, n=3 + (month * 7 + len(title)) % 12, k=1 + month % 3),
                    percent=min(100, month * 8),
                )
            created += 1
    return created


def seed(options: dict, log) -> None:
    today = timezone.localdate()
    log(f"隐患：新增 {seed_hazards(options.get('hazards', 300), today)}")
    log(f"挂包整改：新增 {seed_assignments(today)}")
    analyze(Hazard, LeaderAssignment)
    log(f"挂包通知：新增 {seed_notices()}")
    log(f"整改进展：新增 {seed_progress(today)}")
    log(f"风险点：新增 {seed_risk_points(today)}")
    log(f"督办事项：新增 {seed_supervision(today)}")
