"""Demo data of 一季一班: a library of real accident cases and a year of classes with invitations and sign-ins.

Idempotent: cases are found by name, classes by region and start, and a class's
invitations and sign-ins are made only when it has none.
"""

import datetime
import random

from django.db.models import Q
from django.utils import timezone

from base.choices import AccidentLevel
from grid.choices import EnterpriseStatus, Industry, RegionLevel
from grid.models import Enterprise, Region

from . import services
from .choices import CheckInMethod, ClassFormat
from .models import AccidentCase, Invitation, WarningClass

CITY_CODE = "350400"
DEMO_NOTE = "演示数据：伤亡人数等以官方事故调查报告为准。"

# Cases named in the source report, and other well-known ones, across the industries classes target.
CASES = [
    (
        "贵州毕节“1·4”在建工地滑坡重大事故",
        "2022-01-03",
        "贵州省毕节市",
        Industry.CONSTRUCTION,
        AccidentLevel.MAJOR,
        14,
        3,
        "在建工地边坡突发滑坡，掩埋施工作业人员。",
        "未按规定对高边坡进行监测预警，冒险组织施工。",
        "高边坡、深基坑施工必须先治理、后开挖，落实监测预警。",
    ),
    (
        "贵州“2·25”煤矿顶板坍塌重大事故",
        "2022-02-25",
        "贵州省",
        Industry.MINING,
        AccidentLevel.MAJOR,
        14,
        8,
        "煤矿井下作业面发生顶板坍塌。",
        "违规组织生产，顶板管理失控。",
        "严禁超能力、超强度组织生产，落实顶板分级管理。",
    ),
    (
        "广东惠州“2·18”铸造厂爆炸较大事故",
        "2022-02-18",
        "广东省惠州市",
        Industry.INDUSTRIAL_TRADE,
        AccidentLevel.LARGER,
        3,
        5,
        "铸造企业熔炼炉发生爆炸。",
        "熔炼炉冷却系统故障，违规作业。",
        "高温熔融金属作业必须落实防爆措施和应急处置。",
    ),
    (
        "江苏响水“3·21”特别重大爆炸事故",
        "2019-03-21",
        "江苏省盐城市响水县",
        Industry.HAZARDOUS_CHEMICALS,
        AccidentLevel.ESPECIALLY_MAJOR,
        78,
        76,
        "化工企业旧固废库内硝化废料自燃引发爆炸。",
        "长期违法贮存危险废物，安全管理混乱。",
        "危险废物必须依法贮存、处置，严禁隐瞒。",
    ),
    (
        "湖北十堰“6·13”燃气爆炸重大事故",
        "2021-06-13",
        "湖北省十堰市",
        Industry.GAS,
        AccidentLevel.MAJOR,
        25,
        138,
        "集贸市场内天然气管道泄漏爆炸。",
        "管道穿越密闭空间，巡检维护不到位。",
        "燃气管道隐患必须彻底排查，人员密集场所严防泄漏聚集。",
    ),
    (
        "福建泉州欣佳酒店“3·7”坍塌事故",
        "2020-03-07",
        "福建省泉州市",
        Industry.CROWDED_PLACES,
        AccidentLevel.ESPECIALLY_MAJOR,
        29,
        42,
        "违法改建的酒店建筑整体坍塌。",
        "违法违规建设、改建和加固施工。",
        "违法建设“零容忍”，经营性自建房安全隐患必须整治。",
    ),
    (
        "浙江温岭“6·13”液化石油气运输槽罐车爆炸事故",
        "2020-06-13",
        "浙江省台州市温岭市",
        Industry.ROAD_TRANSPORT,
        AccidentLevel.MAJOR,
        20,
        175,
        "液化石油气槽罐车在高速匝道侧翻爆炸。",
        "驾驶员超速行驶，企业安全管理缺失。",
        "危险货物运输必须落实动态监控和驾驶员管理。",
    ),
]
# A class's title, industries, audience and formats; 5 city-level classes a year, as in 2021.
CITY_CLASSES = [
    ("工贸行业企业负责人安全教育学习班", [Industry.INDUSTRIAL_TRADE], "工贸行业企业负责人"),
    ("道路交通安全教育学习班", [Industry.ROAD_TRANSPORT], "客货运输企业负责人、村两委干部"),
    ("建筑施工企业安全生产警示教育学习班", [Industry.CONSTRUCTION], "建筑施工企业负责人"),
    ("危险化学品企业安全生产警示教育学习班", [Industry.HAZARDOUS_CHEMICALS, Industry.GAS], "危化、燃气企业负责人"),
    ("矿山企业安全生产警示教育学习班", [Industry.MINING], "矿山企业负责人"),
]
COUNTY_CLASSES = [
    (
        "企业主要负责人安全生产警示教育学习班",
        [Industry.INDUSTRIAL_TRADE, Industry.CONSTRUCTION],
        "工贸、建筑施工企业负责人",
    ),
    (
        "人员密集场所安全警示教育学习班",
        [Industry.CROWDED_PLACES, Industry.TOURISM, Industry.SOCIAL_SERVICES],
        "人员密集场所经营单位负责人",
    ),
    (
        "危险化学品和燃气企业警示教育学习班",
        [Industry.HAZARDOUS_CHEMICALS, Industry.GAS, Industry.FIREWORKS],
        "危化、燃气、烟花爆竹企业负责人",
    ),
    ("道路运输企业警示教育学习班", [Industry.ROAD_TRANSPORT, Industry.MINING], "道路运输、矿山企业负责人"),
]


def seed_cases(city: Region) -> int:
    created = 0
    for name, day, place, industry, level, deaths, injuries, summary, causes, lessons in CASES:
        _, new = AccidentCase.objects.get_or_create(
            name=name,
            defaults={
                "region": city,
                "occurred_on": datetime.date.fromisoformat(day),
                "place": place,
                "industry": industry,
                "level": level,
                "deaths": deaths,
                "injuries": injuries,
                "summary": summary,
                "causes": causes,
                "lessons": f"{lessons}\n{DEMO_NOTE}",
            },
        )
        created += new
    return created


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def seed_classes(city: Region, today: datetime.date) -> int:
    """This year's classes: five city-level ones, and one a quarter in every county."""
    counties = list(Region.objects.filter(level=RegionLevel.COUNTY, parent=city).order_by("code"))
    plans = []
    for index, (title, industries, audience) in enumerate(CITY_CLASSES):
        plans.append((city, datetime.date(today.year, 2 + 2 * index, 15), title, industries, audience, "三明市安委办"))
    for county_index, county in enumerate(counties):
        for quarter in range(4):
            title, industries, audience = COUNTY_CLASSES[(quarter + county_index) % len(COUNTY_CLASSES)]
            day = datetime.date(today.year, 3 * quarter + 2, 5 + county_index)
            plans.append((county, day, f"{county.name}{title}", industries, audience, f"{county.name}安委办"))
    created = 0
    for region, day, title, industries, audience, organiser in plans:
        starts_at = _at(day, 9)
        if WarningClass.objects.filter(region=region, starts_at=starts_at).exists():
            continue
        klass = WarningClass(
            region=region,
            title=title,
            organiser=organiser,
            starts_at=starts_at,
            ends_at=_at(day, 12),
            venue=f"{region.name}安全生产警示教育基地",
            industries=industries,
            audience=audience,
            formats=[ClassFormat.VIDEO, ClassFormat.SCENE, ClassFormat.LECTURE],
            capacity=120 if region == city else 60,
        )
        klass._change_reason = "演示数据"
        klass.save()
        klass.cases.set(AccidentCase.objects.filter(industry__in=industries))
        created += 1
    return created


def seed_attendance(today: datetime.date) -> int:
    """Invitations and sign-ins of the classes held by today: most invited principals come, one walks in."""
    rng = random.Random(11)
    now = timezone.now()
    signed = 0
    for klass in WarningClass.objects.filter(year=today.year, ends_at__lt=now).select_related("region").order_by("pk"):
        if klass.invitations.exists():
            continue
        pool = Enterprise.objects.filter(
            Q(region__path__startswith=klass.region.path),
            industry__in=klass.industries,
            status=EnterpriseStatus.OPERATING,
        ).order_by("pk")
        chosen = list(pool[: 25 if klass.level == "city" else 12])
        Invitation.objects.bulk_create(
            Invitation(warning_class=klass, enterprise=e, region_id=e.region_id, principal_name=e.principal_name)
            for e in chosen
        )
        for enterprise in chosen:
            if rng.random() < 0.85 and not klass.attendances.filter(id_number=enterprise.principal_id_number).exists():
                services.check_in(
                    warning_class=klass,
                    id_number=enterprise.principal_id_number,
                    method=rng.choice([CheckInMethod.QR, CheckInMethod.QR, CheckInMethod.DESK]),
                    at=klass.starts_at - datetime.timedelta(minutes=rng.randint(1, 40)),
                    enforce_window=False,
                )
                signed += 1
        walk_in = (
            pool.exclude(pk__in=[e.pk for e in chosen])
            .exclude(principal_id_number__in=klass.attendances.values("id_number"))
            .first()
        )
        if walk_in is not None:
            services.check_in(
                warning_class=klass,
                id_number=walk_in.principal_id_number,
                method=CheckInMethod.DESK,
                at=klass.starts_at,
                enforce_window=False,
            )
            signed += 1
    return signed


def seed(options: dict, log) -> None:
    today = timezone.localdate()
    city = Region.objects.get(code=CITY_CODE)
    log(f"典型事故案例：新增 {seed_cases(city)}")
    log(f"警示教育学习班：新增 {seed_classes(city, today)}")
    log(f"签到记录：新增 {seed_attendance(today)}")
