"""Demo data of the directory: departments, synthetic enterprises and the demo users.

Every function here is idempotent: it creates what is missing and leaves the
rest, so ``seed_demo`` can run any number of times.
"""

import random

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from simple_history.utils import bulk_create_with_history
from stdnum.cn import ric, uscc

from sanming_safety.choices import RiskGrade, SupervisionLevel

from .choices import DepartmentKind, EnterpriseStatus, Industry, RegionLevel, Role
from .divisions import load_divisions
from .models import Department, Enterprise, Official, Region

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


def seed_enterprises(count: int, *, batch_size: int = 5000) -> int:
    """Enterprises ``0..count-1`` spread over every township; missing ones are created."""
    townships = list(Region.objects.filter(level__in=[RegionLevel.TOWNSHIP, RegionLevel.ZONE]).order_by("code"))
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
        lon, lat = COUNTY_CENTRES[county_code]
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
                longitude=round(lon + rng.uniform(-0.12, 0.12), 6),
                latitude=round(lat + rng.uniform(-0.10, 0.10), 6),
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
        {"username": "city", "name": "市安委办 陈明", "role": Role.CITY_COMMITTEE, "region": regions[CITY_CODE]},
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
            "name": "三元区应急管理局 吴强",
            "role": Role.DEPARTMENT,
            "region": regions[DEMO_COUNTY],
            "department": emergency,
        },
        {
            "username": "supervisor",
            "name": "列东街道 网格督导员 郑华",
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


def add_arguments(parser) -> None:
    parser.add_argument("--enterprises", type=int, default=600, help="synthetic enterprises in all (default 600)")


def seed(options: dict, log) -> None:
    log(f"行政区划：新增 {load_divisions(Region)}")
    log(f"行业部门：新增 {seed_departments()}")
    log(f"生产经营单位：新增 {seed_enterprises(options['enterprises'])}")
    log(f"演示用户：新增 {seed_users(options['password'])}")
