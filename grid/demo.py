"""Demo data of the directory: departments, synthetic enterprises and the demo users.

Every function here is idempotent: it creates what is missing and leaves the
rest, so ``seed_demo`` can run any number of times.
"""

import datetime
import math
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db.models import Count
from django.utils import timezone
from simple_history.utils import bulk_create_with_history
from stdnum.cn import ric, uscc

from base.choices import RiskGrade, Role, SupervisionLevel

from . import services
from .choices import (
    AssessmentRating,
    CheckItem,
    DepartmentKind,
    EnterpriseStatus,
    GridIndustry,
    HouseStage,
    Industry,
    ProgressStatus,
    RegionLevel,
    SevenOne,
    StaffRole,
    SupervisorLevel,
    TipOffStatus,
    VenueKind,
)
from .divisions import load_divisions
from .models import (
    Craftsman,
    Department,
    Enterprise,
    Fire,
    FireStation,
    FireStationStaff,
    Grid,
    GridSupervisor,
    GuideAcknowledgement,
    HouseChief,
    HouseInspection,
    HousingTraining,
    Official,
    Region,
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

CITY_CODE = "350400"
DEMO_COUNTY = "350404"  # 三元区
DEMO_TOWNSHIP_A = "350404001"  # 列东街道
DEMO_TOWNSHIP_B = "350404002"  # 列西街道

DEPARTMENT_INDUSTRIES = {
    "emergency": [Industry.INDUSTRIAL_TRADE, Industry.HAZARDOUS_CHEMICALS, Industry.MINING, Industry.FIREWORKS],
    "housing": [Industry.CONSTRUCTION, Industry.GAS],
    "transport": [Industry.ROAD_TRANSPORT],
    "market": [Industry.SPECIAL_EQUIPMENT],
    "fire": [Industry.CROWDED_PLACES],
    "education": [Industry.SOCIAL_SERVICES],
    "culture_tourism": [Industry.TOURISM],
}
INDUSTRY_DEPARTMENT = {industry: kind for kind, industries in DEPARTMENT_INDUSTRIES.items() for industry in industries}
SPECIAL_NAMES = {
    ("fire", RegionLevel.CITY): "{}消防救援支队",
    ("fire", RegionLevel.COUNTY): "{}消防救援大队",
    ("traffic_police", RegionLevel.CITY): "{}公安局交通警察支队",
    ("traffic_police", RegionLevel.COUNTY): "{}公安局交通警察大队",
}
NAME_WORDS = [
    "金山",
    "福达",
    "闽中",
    "恒信",
    "永盛",
    "三钢",
    "瑞丰",
    "兴业",
    "华源",
    "鑫隆",
    "宏达",
    "建安",
    "顺通",
    "绿野",
    "泰和",
    "明辉",
    "德润",
    "安平",
    "利民",
    "青山",
]
INDUSTRY_SUFFIX = {
    Industry.INDUSTRIAL_TRADE: "机械制造有限公司",
    Industry.CONSTRUCTION: "建筑工程有限公司",
    Industry.ROAD_TRANSPORT: "运输有限公司",
    Industry.HAZARDOUS_CHEMICALS: "化工有限公司",
    Industry.MINING: "矿业有限公司",
    Industry.FIREWORKS: "烟花爆竹经营部",
    Industry.CROWDED_PLACES: "商贸广场",
    Industry.SOCIAL_SERVICES: "养老服务中心",
    Industry.GAS: "燃气有限公司",
    Industry.SPECIAL_EQUIPMENT: "电梯工程有限公司",
    Industry.TOURISM: "旅游开发有限公司",
    Industry.OTHER: "贸易有限公司",
}
SURNAMES = "陈林黄张李王吴刘蔡杨郑谢罗邱".strip()
GIVEN = ["建华", "志强", "丽萍", "明辉", "秀英", "国平", "海燕", "文斌", "春生", "晓东", "永福", "桂兰"]
# Rough centre of each county (longitude, latitude) for the demo map.
COUNTY_CENTRES = {
    "350404": (117.61, 26.23),
    "350405": (117.79, 26.40),
    "350421": (117.20, 26.36),
    "350423": (116.82, 26.18),
    "350424": (116.65, 26.26),
    "350425": (117.84, 25.69),
    "350426": (118.19, 26.17),
    "350428": (117.47, 26.73),
    "350429": (117.18, 26.90),
    "350430": (116.85, 26.83),
    "350481": (117.37, 25.94),
}


def department_name(kind: str, region: Region) -> str:
    template = SPECIAL_NAMES.get((kind, region.level), "{}" + DepartmentKind.label(kind))
    return template.format(region.name)


def seed_departments() -> int:
    regions = list(Region.objects.filter(level__in=[RegionLevel.CITY, RegionLevel.COUNTY]))
    existing = set(Department.objects.values_list("region_id", "kind"))
    new = [
        Department(
            name=department_name(kind, region),
            kind=kind,
            region=region,
            industries=DEPARTMENT_INDUSTRIES.get(kind, []),
        )
        for region in regions
        for kind in DepartmentKind.values
        if (region.pk, kind) not in existing
    ]
    bulk_create_with_history(new, Department, default_change_reason="演示数据")
    return len(new)


def credit_code(county_code: str, index: int) -> str:
    body = f"91{county_code}MA{index:07d}"[:17]
    return body + uscc.calc_check_digit(body + "0")


def resident_id(county_code: str, index: int) -> str:
    birth = 19600101 + (index % 30) * 10000 + (index % 12) * 100 + index % 28
    body = f"{county_code}{birth}{index % 1000:03d}"
    return body + ric.calc_check_digit(body + "0")


def township_centres(townships: list[Region]) -> dict[int, tuple[float, float]]:
    """A made-up seat for every township, on a ring around its county's centre, so the demo map
    shows townships apart (the divisions carry no coordinates)."""
    by_county: dict[str, list[Region]] = {}
    for township in townships:
        by_county.setdefault(township.code[:6], []).append(township)
    centres = {}
    for county_code, members in by_county.items():
        lon, lat = COUNTY_CENTRES[county_code]
        for index, township in enumerate(members):
            angle = 2 * math.pi * index / len(members)
            radius = 0.05 + 0.05 * (index % 2)
            centres[township.pk] = (lon + radius * math.cos(angle), lat + 0.85 * radius * math.sin(angle))
    return centres


def seed_enterprises(count: int, *, batch_size: int = 5000) -> int:
    """Enterprises ``0..count-1`` spread over every township; missing ones are created."""
    townships = list(Region.objects.filter(level__in=[RegionLevel.TOWNSHIP, RegionLevel.ZONE]).order_by("code"))
    centres = township_centres(townships)
    departments = {(d.region_id, d.kind): d.pk for d in Department.objects.all()}
    counties = {r.code: r.pk for r in Region.objects.filter(level=RegionLevel.COUNTY)}
    existing = set(Enterprise.objects.values_list("credit_code", flat=True))
    rng = random.Random(2022)
    industries = Industry.values
    grades = [RiskGrade.RED] * 1 + [RiskGrade.ORANGE] * 3 + [RiskGrade.YELLOW] * 8 + [RiskGrade.BLUE] * 18
    created, batch = 0, []
    for index in range(count):
        township = townships[index % len(townships)]
        county_code = township.code[:6]
        industry = industries[rng.randrange(len(industries))]
        grade = grades[rng.randrange(len(grades))]
        lon, lat = centres[township.pk]
        code = credit_code(county_code, index)
        principal = SURNAMES[rng.randrange(len(SURNAMES))] + GIVEN[rng.randrange(len(GIVEN))]
        kind = INDUSTRY_DEPARTMENT.get(industry, "emergency")
        if code in existing:
            continue
        # Each township's enterprises take the words in turn; a number only once the words run out.
        lap, turn = divmod(index // len(townships), len(NAME_WORDS))
        word = NAME_WORDS[turn] + (str(lap + 1) if lap else "")
        batch.append(
            Enterprise(
                name=f"三明{township.name[:2]}{word}{INDUSTRY_SUFFIX[industry]}",
                credit_code=code,
                industry=industry,
                region=township,
                address=f"{township.name}{NAME_WORDS[(index * 7) % len(NAME_WORDS)]}路{index % 200 + 1}号",
                longitude=round(lon + rng.uniform(-0.025, 0.025), 6),
                latitude=round(lat + rng.uniform(-0.02, 0.02), 6),
                department_id=departments.get((counties[county_code], kind)),
                supervision_level=SupervisionLevel.COUNTY
                if grade in (RiskGrade.RED, RiskGrade.ORANGE)
                else SupervisionLevel.TOWNSHIP,
                risk_grade=grade,
                weak_foundation=rng.random() < 0.15,
                principal_name=principal,
                principal_id_number=resident_id(county_code, index),
                principal_phone=f"139{index:08d}"[:11],
                status=EnterpriseStatus.OPERATING if rng.random() < 0.92 else EnterpriseStatus.SUSPENDED,
            )
        )
        if len(batch) >= batch_size:
            bulk_create_with_history(batch, Enterprise, batch_size=batch_size, default_change_reason="演示数据")
            created += len(batch)
            batch = []
    bulk_create_with_history(batch, Enterprise, batch_size=batch_size, default_change_reason="演示数据")
    return created + len(batch)


def demo_users() -> list[dict]:
    """One user per role, and a county and township official for every county and township."""
    regions = {r.code: r for r in Region.objects.exclude(level=RegionLevel.VILLAGE)}
    emergency = Department.objects.get(region__code=DEMO_COUNTY, kind="emergency")
    users = [
        {"username": "admin", "name": "系统管理员", "role": Role.ADMIN, "region": regions[CITY_CODE]},
        {"username": "city", "name": "陈明", "role": Role.CITY_COMMITTEE, "region": regions[CITY_CODE]},
        {"username": "leader", "name": "林副市长", "role": Role.LEADER, "region": regions[CITY_CODE], "post": "副市长"},
        {
            "username": "county-leader",
            "name": "黄副区长",
            "role": Role.LEADER,
            "region": regions[DEMO_COUNTY],
            "post": "副区长",
        },
        {
            "username": "dept",
            "name": "吴强",
            "role": Role.DEPARTMENT,
            "region": regions[DEMO_COUNTY],
            "department": emergency,
        },
        {
            "username": "supervisor",
            "name": "郑华",
            "role": Role.GRID_SUPERVISOR,
            "region": regions[DEMO_TOWNSHIP_A],
        },
    ]
    for region in sorted(regions.values(), key=lambda r: r.code):
        if region.level == RegionLevel.COUNTY:
            users.append(
                {
                    "username": f"c{region.code}",
                    "name": f"{region.name}安委办",
                    "role": Role.COUNTY_COMMITTEE,
                    "region": region,
                }
            )
        elif region.level in (RegionLevel.TOWNSHIP, RegionLevel.ZONE):
            users.append(
                {"username": f"t{region.code}", "name": f"{region.name}安监站", "role": Role.TOWNSHIP, "region": region}
            )
    return users


def seed_users(password: str) -> int:
    """Create missing demo users with ``password``; existing users are not touched."""
    User = get_user_model()
    specs = demo_users()
    existing = set(User.objects.filter(username__in=[s["username"] for s in specs]).values_list("username", flat=True))
    specs = [spec for spec in specs if spec["username"] not in existing]
    # One hash for all: hashing is deliberately slow, and these are demo accounts.
    hashed = make_password(password)
    users = User.objects.bulk_create(
        User(
            username=spec["username"],
            password=hashed,
            is_superuser=spec["role"] == Role.ADMIN,
            is_staff=spec["role"] == Role.ADMIN,
        )
        for spec in specs
    )
    ids = dict(User.objects.filter(username__in=[u.username for u in users]).values_list("username", "id"))
    bulk_create_with_history(
        [
            Official(
                user_id=ids[spec["username"]],
                name=spec["name"],
                role=spec["role"],
                region=spec["region"],
                department=spec.get("department"),
                post=spec.get("post", ""),
            )
            for spec in specs
        ],
        Official,
        default_change_reason="演示数据",
    )
    return len(specs)


GRID_OF_INDUSTRY = {
    Industry.INDUSTRIAL_TRADE: GridIndustry.INDUSTRIAL_TRADE,
    Industry.SPECIAL_EQUIPMENT: GridIndustry.INDUSTRIAL_TRADE,
    Industry.CONSTRUCTION: GridIndustry.CONSTRUCTION,
    Industry.ROAD_TRANSPORT: GridIndustry.ROAD_TRAFFIC,
    Industry.HAZARDOUS_CHEMICALS: GridIndustry.HAZARDOUS_CHEMICALS,
    Industry.FIREWORKS: GridIndustry.HAZARDOUS_CHEMICALS,
    Industry.GAS: GridIndustry.HAZARDOUS_CHEMICALS,
    Industry.MINING: GridIndustry.MINING,
    Industry.SOCIAL_SERVICES: GridIndustry.SOCIAL_SERVICES,
    Industry.CROWDED_PLACES: GridIndustry.CROWDED_PLACES,
    Industry.TOURISM: GridIndustry.CROWDED_PLACES,
}  # "other" enterprises are left out: the overview shows them as in no grid
FIRST_POSTS = [
    "党委副书记",
    "副镇长",
    "人大主席",
    "纪委书记",
    "组织委员",
    "宣传委员",
    "武装部长",
    "统战委员",
    "政法委员",
]
SECOND_POSTS = ["安监站站长", "村镇建设站站长", "农业服务中心主任", "林业站站长", "水利站站长", "综合执法队队长"]


def person(rng: random.Random) -> str:
    return SURNAMES[rng.randrange(len(SURNAMES))] + GIVEN[rng.randrange(len(GIVEN))]


def townships() -> list[Region]:
    return list(Region.objects.filter(level__in=[RegionLevel.TOWNSHIP, RegionLevel.ZONE]).order_by("code"))


def seed_grids() -> int:
    """The nine standard grids in every township, and each enterprise in the grid of its industry."""
    existing = set(Grid.objects.values_list("region_id", "industry"))
    created = Grid.objects.bulk_create(
        Grid(region=township, industry=industry)
        for township in townships()
        for industry in GridIndustry.STANDARD
        if (township.pk, industry) not in existing
    )
    grid_of = {(g.region_id, g.industry): g.pk for g in Grid.objects.filter(name="")}
    through = Grid.enterprises.through
    placed = set(through.objects.values_list("enterprise_id", flat=True))
    memberships = [
        through(grid_id=grid_of[(region_id, GRID_OF_INDUSTRY[industry])], enterprise_id=pk)
        for pk, region_id, industry in Enterprise.objects.values_list("pk", "region_id", "industry")
        if industry in GRID_OF_INDUSTRY and pk not in placed and (region_id, GRID_OF_INDUSTRY[industry]) in grid_of
    ]
    through.objects.bulk_create(memberships, batch_size=5000)
    return len(created)


SUPERVISORS_SINCE = datetime.date(2021, 9, 1)


def seed_supervisors() -> int:
    """Every township's supervisors: two chiefs, nine level-1, six level-2 and its village heads (level 3)."""
    if GridSupervisor.objects.exists():
        return 0
    rng = random.Random(4)
    villages: dict[int, list[Region]] = {}
    for village in Region.objects.filter(level=RegionLevel.VILLAGE).order_by("code"):
        villages.setdefault(village.parent_id, []).append(village)
    grids: dict[int, dict[str, int]] = {}
    for grid in Grid.objects.filter(name=""):
        grids.setdefault(grid.region_id, {})[grid.industry] = grid.pk
    since = SUPERVISORS_SINCE
    people, covers = [], []
    for township in townships():
        head = "街道" if township.name.endswith("街道") else "镇"
        specs = [(SupervisorLevel.CHIEF, f"{head}党（工）委书记", None, GridIndustry.STANDARD)]
        specs.append((SupervisorLevel.CHIEF, f"{head}长（主任）", None, GridIndustry.STANDARD))
        specs += [
            (SupervisorLevel.FIRST, post, None, GridIndustry.STANDARD[i :: len(FIRST_POSTS)])
            for i, post in enumerate(FIRST_POSTS)
        ]
        specs += [
            (SupervisorLevel.SECOND, post, None, GridIndustry.STANDARD[(i + 3) % 9 :: 4])
            for i, post in enumerate(SECOND_POSTS)
        ]
        for index, village in enumerate(villages.get(township.pk, [])):
            rural = [GridIndustry.FOREST_FIRE, GridIndustry.FLOOD_DROUGHT, GridIndustry.ROAD_TRAFFIC]
            specs.append((SupervisorLevel.THIRD, "村党支部书记", village, rural))
            if index % 2 == 0:
                specs.append((SupervisorLevel.THIRD, "村委会主任", village, rural[:2]))
        for level, position, village, industries in specs:
            people.append(
                GridSupervisor(
                    name=person(rng),
                    phone=f"13{len(people):09d}",
                    position=position,
                    level=level,
                    region=township,
                    village=village,
                    active_from=since,
                )
            )
            covers.append([grids[township.pk][industry] for industry in industries if industry in grids[township.pk]])
    GridSupervisor.objects.bulk_create(people, batch_size=2000)
    ids = dict(GridSupervisor.objects.values_list("phone", "pk"))
    through = GridSupervisor.grids.through
    through.objects.bulk_create(
        (
            through(gridsupervisor_id=ids[p.phone], grid_id=grid)
            for p, grid_ids in zip(people, covers, strict=True)
            for grid in grid_ids
        ),
        batch_size=5000,
    )
    return len(people)


def link_demo_supervisor() -> None:
    """The demo login ``supervisor`` is the 列东街道 level-1 supervisor whose grids hold the most enterprises."""
    official = Official.objects.filter(user__username="supervisor").first()
    if official is None or GridSupervisor.objects.filter(official=official).exists():
        return
    mine = (
        GridSupervisor.objects.filter(region=official.region, level=SupervisorLevel.FIRST, official__isnull=True)
        .annotate(enterprises=Count("grids__enterprises"))
        .order_by("-enterprises", "pk")
        .first()
    )
    if mine is not None:
        mine.name, mine.official = official.name, official
        mine.save()


# Each month's guide takes up what that month brings: its title and what to check.
GUIDE_TOPICS = {
    1: ("元旦春节前后安全防范", "节前停产检修、烟花爆竹经营、人员密集场所消防"),
    2: ("节后复工复产", "复工前全员培训、设备检修后试车、有限空间作业审批"),
    3: ("春季森林防火与清明祭扫", "野外用火管控、林区入口检查、祭扫场所消防"),
    4: ("建筑施工与农村自建房", "危大工程专项方案、脚手架与临边防护、农房加层改建"),
    5: ("汛前检查与尾矿库安全度汛", "排洪设施疏通、地质灾害点巡查、在建工地防汛"),
    6: ("安全生产月与主汛期", "全员安全培训、应急预案演练、低洼地带人员转移预案"),
    7: ("夏季高温与防台风", "高温作业防暑、户外作业时间调整、临时建筑加固"),
    8: ("危险化学品与有限空间", "储罐区静电接地、动火作业票证、有限空间先通风再检测后作业"),
    9: ("国庆中秋假期与人员密集场所", "疏散通道和安全出口、景区最大承载量、燃气用户安全"),
    10: ("秋冬季消防与电动自行车", "电动自行车集中充电、电气线路、消防设施维护保养"),
    11: ("冬季森林防火与燃气安全", "林区野外用火、燃气管道和瓶装气、取暖用电"),
    12: ("岁末年初与冬季道路交通", "赶工期冒险作业、客运车辆和驾驶员、冰冻路段通行"),
}


def seed_guides(city: Region, today: datetime.date) -> int:
    """Seven monthly guides of the city committee, published; older ones mostly acknowledged."""
    if SupervisionGuide.objects.exists():
        return 0
    admin = get_user_model().objects.filter(username="city").first()
    count = 7
    for index in range(count):
        month = (today.replace(day=1) - datetime.timedelta(days=31 * (count - 1 - index))).replace(day=1)
        title, focus = GUIDE_TOPICS[month.month]
        guide = SupervisionGuide.objects.create(
            region=city,
            year=month.year,
            number=index + 1,
            month=month,
            title=f"{title}督导要点",
            content=f"一、督导重点：{focus}。\n二、督导方式：四不两直、对表检查。\n三、发现问题即时报告乡镇安监站。",
        )
        services.guide_publish(guide=guide, by=admin)
        share = 10 if index < count - 1 else 4  # of every 11 receipts, how many are read
        receipts = GuideAcknowledgement.objects.filter(guide=guide)
        read_at = datetime.datetime.combine(month + datetime.timedelta(days=5), datetime.time(9), tzinfo=datetime.UTC)
        ids = [pk for pk in receipts.values_list("pk", flat=True) if pk % 11 < share]
        for start in range(0, len(ids), 5000):
            GuideAcknowledgement.objects.filter(pk__in=ids[start : start + 5000]).update(acknowledged_at=read_at)
    return count


# What a supervisor finds on a visit, by the unit's industry.
VISIT_PROBLEMS = {
    Industry.INDUSTRIAL_TRADE: ["车间配电箱门损坏", "冲床安全防护装置被拆除", "除尘设施积尘未清扫", "消防通道堆放原料"],
    Industry.CONSTRUCTION: ["脚手架连墙件缺失", "作业人员未系安全带", "临边洞口无防护", "施工用电私拉乱接"],
    Industry.ROAD_TRANSPORT: ["车辆动态监控不在线", "驾驶员安全教育记录缺失", "停车场灭火器过期"],
    Industry.HAZARDOUS_CHEMICALS: ["储罐区静电接地检测过期", "动火作业票证不全", "可燃气体报警器未校验"],
    Industry.MINING: ["边坡位移监测记录不全", "炸药库领退登记不全", "井下安全出口标识不清"],
    Industry.FIREWORKS: ["零售点内有住人床铺", "仓库超量储存", "防雷装置检测过期"],
    Industry.CROWDED_PLACES: ["安全出口上锁", "疏散指示标志不亮", "电动自行车楼道充电"],
    Industry.SOCIAL_SERVICES: ["厨房燃气软管老化", "夜间值班人员不足", "喷淋系统末端试水无水"],
    Industry.GAS: ["液化气钢瓶超期未检", "调压箱巡检记录缺失", "用户未装燃气泄漏报警器"],
    Industry.SPECIAL_EQUIPMENT: ["电梯维保记录不实", "作业人员未持特种设备作业证", "起重机钢丝绳断丝"],
    Industry.TOURISM: ["游步道护栏松动", "亲水平台无警示标识", "游乐设施检验标志过期"],
    Industry.OTHER: ["电气线路私拉乱接", "灭火器过期", "安全台账不全"],
}


def seed_visits(today: datetime.date) -> int:
    """Visits of the last three months by level-1 and level-2 supervisors to enterprises of their grids."""
    if SupervisionVisit.objects.exists():
        return 0
    rng = random.Random(7)
    through = Grid.enterprises.through
    enterprises_of: dict[int, list[tuple[int, int, str]]] = {}
    industry_of: dict[int, str] = {}
    for grid_id, enterprise_id, region_id, industry in through.objects.values_list(
        "grid_id", "enterprise_id", "enterprise__region_id", "enterprise__industry"
    ):
        enterprises_of.setdefault(grid_id, []).append((enterprise_id, region_id, industry))
        industry_of[enterprise_id] = industry
    visits, findings = [], []
    covered = GridSupervisor.grids.through.objects.filter(
        gridsupervisor__level__in=[SupervisorLevel.FIRST, SupervisorLevel.SECOND]
    ).values_list("gridsupervisor_id", "grid_id")
    for supervisor_id, grid_id in covered:
        for enterprise_id, region_id, _ in enterprises_of.get(grid_id, [])[:2]:
            for _ in range(rng.randrange(1, 3)):
                visits.append(
                    SupervisionVisit(
                        supervisor_id=supervisor_id,
                        enterprise_id=enterprise_id,
                        region_id=region_id,
                        visited_on=today - datetime.timedelta(days=rng.randrange(0, 90)),
                        items_checked=rng.sample(CheckItem.values, 3),
                        prompt_list_delivered=rng.random() < 0.7,
                    )
                )
    SupervisionVisit.objects.bulk_create(visits, batch_size=2000)
    for visit in SupervisionVisit.objects.only("pk", "enterprise_id"):
        if rng.random() < 0.3:
            problems = VISIT_PROBLEMS[industry_of.get(visit.enterprise_id, Industry.OTHER)]
            findings.append(VisitFinding(visit=visit, description=problems[rng.randrange(len(problems))]))
    VisitFinding.objects.bulk_create(findings, batch_size=2000)
    return len(visits)


def seed_visit_history(today: datetime.date, *, batch_size: int = 5000) -> int:
    """One earlier visit to every enterprise in a grid, between the supervisors' start (September 2021)
    and the last three months, by a level-1 supervisor of its grid; three in ten found a problem."""
    if SupervisionVisit.objects.filter(visited_on__lt=today - datetime.timedelta(days=90)).exists():
        return 0
    rng = random.Random(8)
    first_of: dict[int, int] = {}
    covered = GridSupervisor.grids.through.objects.filter(gridsupervisor__level=SupervisorLevel.FIRST)
    for supervisor_id, grid_id in covered.order_by("pk").values_list("gridsupervisor_id", "grid_id"):
        first_of.setdefault(grid_id, supervisor_id)
    members = Grid.enterprises.through.objects.order_by("enterprise_id").values_list(
        "grid_id", "enterprise_id", "enterprise__region_id", "enterprise__industry"
    )
    span = (today - SUPERVISORS_SINCE).days
    created, visits, problems = 0, [], []
    for grid_id, enterprise_id, region_id, industry in members.iterator(chunk_size=batch_size):
        if grid_id not in first_of:
            continue
        visits.append(
            SupervisionVisit(
                supervisor_id=first_of[grid_id],
                enterprise_id=enterprise_id,
                region_id=region_id,
                visited_on=today - datetime.timedelta(days=rng.randrange(91, max(92, span))),
                items_checked=rng.sample(CheckItem.values, 3),
                prompt_list_delivered=False,
            )
        )
        found = VISIT_PROBLEMS[industry]
        problems.append(found[rng.randrange(len(found))] if rng.random() < 0.3 else None)
        if len(visits) >= batch_size:
            created += _visits_with_findings(visits, problems)
            visits, problems = [], []
    return created + _visits_with_findings(visits, problems)


def _visits_with_findings(visits: list, problems: list) -> int:
    SupervisionVisit.objects.bulk_create(visits)
    VisitFinding.objects.bulk_create(
        VisitFinding(visit=visit, description=problem)
        for visit, problem in zip(visits, problems, strict=True)
        if problem is not None
    )
    return len(visits)


def seed_assessments(today: datetime.date) -> int:
    """Assessments of the quarters passed this year; most of the earliest quarter scored."""
    created = 0
    for quarter in range(1, (today.month - 1) // 3 + 1):
        created += services.assessments_open(year=today.year, period=f"q{quarter}")
    ratings = [
        (AssessmentRating.EXCELLENT, 95),
        (AssessmentRating.COMPETENT, 85),
        (AssessmentRating.COMPETENT, 80),
        (AssessmentRating.BASIC, 68),
    ]
    unscored = SupervisorAssessment.objects.filter(year=today.year, period="q1", rating="")
    for index, (rating, score) in enumerate(ratings):
        ids = [pk for pk in unscored.values_list("pk", flat=True) if pk % 5 == index]
        SupervisorAssessment.objects.filter(pk__in=ids).update(rating=rating, score=score)
    return created


def seed_housing(today: datetime.date) -> int:
    """House chiefs, rural houses in every township, craftsmen, experts, trainings, tip-offs and the 七个一."""
    if RuralHouse.objects.exists():
        return 0
    rng = random.Random(11)
    counties = list(Region.objects.filter(level=RegionLevel.COUNTY).order_by("code"))
    villages: dict[int, list[Region]] = {}
    for village in Region.objects.filter(level=RegionLevel.VILLAGE).order_by("code"):
        villages.setdefault(village.parent_id, []).append(village)
    chiefs = [
        HouseChief(region=c, name=person(rng), position="副县（区、市）长", phone="13900000000") for c in counties
    ]
    chiefs += [HouseChief(region=t, name=person(rng), position="分管副镇长", phone="13900000001") for t in townships()]
    for township in townships():
        chiefs += [
            HouseChief(region=v, name=person(rng), position="村党支部书记", phone="13900000002")
            for v in villages.get(township.pk, [])[:3]
        ]
    HouseChief.objects.bulk_create(chiefs)
    chief_of = {c.region_id: c.pk for c in HouseChief.objects.all()}
    craftsmen = []
    for index, township in enumerate(townships() * 40):
        craftsmen.append(
            Craftsman(
                region=township,
                name=person(rng),
                id_number=resident_id(township.code[:6], 100000 + index),
                phone=f"158{index:08d}",
                trade=["泥瓦工", "木工", "钢筋工", "水电工"][index % 4],
                certificate_no=f"SMGJ{index:06d}" if index % 5 else "",
                association_member=index % 3 != 0,
            )
        )
    Craftsman.objects.bulk_create(craftsmen, batch_size=2000)
    craftsman_ids: dict[int, list[int]] = {}
    for pk, region_id in Craftsman.objects.values_list("pk", "region_id"):
        craftsman_ids.setdefault(region_id, []).append(pk)
    houses, house_chiefs = [], []
    stages = HouseStage.values
    for township in townships():
        for index, village in enumerate(villages.get(township.pk, [])[:3]):
            stage = stages[(township.pk + index) % len(stages)]
            applied = today - datetime.timedelta(days=200 + rng.randrange(60))
            dates = [applied + datetime.timedelta(days=step) for step in (20, 40, 150, 170)]
            reached = stages.index(stage)
            house = RuralHouse(
                region=township,
                village=village,
                owner_name=person(rng),
                address=f"{village.name}{rng.randrange(1, 80)}号",
                floors=rng.randrange(1, 4),
                area=rng.randrange(90, 320),
                stage=stage,
                applied_on=applied,
                approved_on=dates[0] if reached >= 1 else None,
                started_on=dates[1] if reached >= 2 else None,
                completed_on=dates[2] if reached >= 3 else None,
                accepted_on=dates[3] if reached >= 4 else None,
                craftsman_id=craftsman_ids[township.pk][index] if reached >= 2 else None,
            )
            houses.append(house)
            house_chiefs.append([chief_of[r] for r in (township.parent_id, township.pk, village.pk) if r in chief_of])
    RuralHouse.objects.bulk_create(houses)
    through = RuralHouse.chiefs.through
    through.objects.bulk_create(
        through(ruralhouse_id=house.pk, housechief_id=chief)
        for house, ids in zip(houses, house_chiefs, strict=True)
        for chief in ids
    )
    HouseInspection.objects.bulk_create(
        HouseInspection(
            house=house,
            inspected_on=house.started_on + datetime.timedelta(days=30),
            inspector="村镇建设站",
            stage=HouseStage.UNDER_CONSTRUCTION,
            passed=index % 4 != 0,
            findings="" if index % 4 else "圈梁未按图施工，已责令整改",
        )
        for index, house in enumerate(houses)
        if house.started_on
    )
    experts = [
        SafetyExpert(
            region=county,
            name=person(rng),
            specialty=["建筑结构", "岩土工程", "建筑施工", "工程造价"][index % 4],
            organisation=f"{county.name}住建局技术中心",
            title=["高级工程师", "工程师"][index % 2],
            phone=f"159{index:08d}",
        )
        for index, county in enumerate(counties * 38 + counties[:7])
    ]
    SafetyExpert.objects.bulk_create(experts)
    HousingTraining.objects.bulk_create(
        HousingTraining(
            region=township,
            held_on=today - datetime.timedelta(days=30 + 120 * half),
            title="农村自建房安全警示全覆盖应急培训",
            craftsmen=20 + rng.randrange(15),
            officials=8 + rng.randrange(6),
            builders=15 + rng.randrange(15),
        )
        for township in townships()
        for half in range(2)
    )
    tip_offs = []
    for index, township in enumerate(townships()[::3]):
        status = [TipOffStatus.SUBSTANTIATED, TipOffStatus.INVESTIGATING, TipOffStatus.UNFOUNDED][index % 3]
        tip_offs.append(
            TipOff(
                region=township,
                received_at=datetime.datetime.combine(
                    today - datetime.timedelta(days=index * 3 % 80), datetime.time(2), tzinfo=datetime.UTC
                ),
                content="有村民未批先建、擅自加层",
                status=status,
                result={"substantiated": "已责令停工整改", "unfounded": "经核查已取得审批"}.get(status, ""),
                reward=200 if status == TipOffStatus.SUBSTANTIATED else 0,
                reward_paid_on=today - datetime.timedelta(days=2) if status == TipOffStatus.SUBSTANTIATED else None,
            )
        )
    TipOff.objects.bulk_create(tip_offs)
    SevenOnesItem.objects.bulk_create(
        SevenOnesItem(
            region=county,
            item=item,
            status=ProgressStatus.DONE if (index + position) % 9 else ProgressStatus.IN_PROGRESS,
            evidence=f"{county.name}{SevenOne.label(item)}，已落实" if (index + position) % 9 else "",
            completed_on=datetime.date(2022, 3, 1) if (index + position) % 9 else None,
        )
        for index, county in enumerate(counties)
        for position, item in enumerate(SevenOne.values)
    )
    return len(houses)


def seed_fire_stations(today: datetime.date) -> int:
    """141 township fire stations: 259 full-time and 230 part-time posts, staff, inspections and fires."""
    if FireStation.objects.exists():
        return 0
    rng = random.Random(13)
    only_townships = [t for t in townships() if t.level == RegionLevel.TOWNSHIP]
    stations = FireStation.objects.bulk_create(
        FireStation(
            region=township,
            name=f"{township.name}消防所",
            established_on=datetime.date(2021, 3 + index % 9, 1),
            full_time_posts=2 if index < 118 else 1,
            part_time_posts=2 if index < 89 else 1,
            phone=f"0598-{8000000 + index}",
        )
        for index, township in enumerate(only_townships)
    )
    stations = list(FireStation.objects.order_by("region__code"))
    staff, inspections, fires = [], [], []
    for index, station in enumerate(stations):
        for role, posts in (
            (StaffRole.FULL_TIME, station.full_time_posts),
            (StaffRole.PART_TIME, station.part_time_posts),
        ):
            filled = posts - (1 if index % 17 == 0 and role == StaffRole.FULL_TIME else 0)
            staff += [
                FireStationStaff(
                    station=station,
                    name=person(rng),
                    role=role,
                    post="所长" if role == StaffRole.FULL_TIME and n == 0 else "消防监督员",
                    phone=f"137{index:04d}{n:04d}",
                    active_from=station.established_on,
                )
                for n in range(filled)
            ]
        for n in range(5):
            kind = VenueKind.values[(index + n) % len(VenueKind.values)]
            found = rng.randrange(0, 3)
            inspections.append(
                SmallVenueInspection(
                    station=station,
                    venue_name=f"{station.region.name[:2]}{VenueKind.label(kind)}{n + 1}",
                    venue_kind=kind,
                    inspected_on=today - datetime.timedelta(days=rng.randrange(0, 60)),
                    hazards_found=found,
                    findings="电动车室内充电" if found else "",
                    rectified=found == 0 or rng.random() < 0.6,
                )
            )
        if index % 12 == 0:
            fires.append(
                Fire(
                    region=station.region,
                    occurred_at=datetime.datetime.combine(
                        today - datetime.timedelta(days=index % 50), datetime.time(12), tzinfo=datetime.UTC
                    ),
                    place=f"{station.region.name}某出租屋",
                    venue_kind=VenueKind.values[5],
                    small_venue=True,
                    deaths=1 if index % 48 == 0 else 0,
                    injuries=index % 3,
                    loss=Decimal("1.5"),
                    cause="电气线路故障",
                )
            )
    FireStationStaff.objects.bulk_create(staff)
    SmallVenueInspection.objects.bulk_create(inspections)
    Fire.objects.bulk_create(fires)
    return len(stations)


def add_arguments(parser) -> None:
    parser.add_argument("--enterprises", type=int, default=600, help="synthetic enterprises in all (default 600)")


def seed(options: dict, log) -> None:
    log(f"行政区划：新增 {load_divisions(Region)}")
    log(f"行业部门：新增 {seed_departments()}")
    log(f"生产经营单位：新增 {seed_enterprises(options['enterprises'])}")
    log(f"演示用户：新增 {seed_users(options['password'])}")
    today = timezone.localdate()
    city = Region.objects.get(code=CITY_CODE)
    log(f"网格：新增 {seed_grids()}")
    log(f"网格督导员：新增 {seed_supervisors()}")
    link_demo_supervisor()
    log(f"每月督导指南：新增 {seed_guides(city, today)}")
    log(f"督导记录：新增 {seed_visits(today)}")
    log(f"往年督导记录：新增 {seed_visit_history(today)}")
    log(f"督导员考核：新增 {seed_assessments(today)}")
    log(f"农村自建房：新增 {seed_housing(today)}")
    log(f"乡镇消防所：新增 {seed_fire_stations(today)}")
