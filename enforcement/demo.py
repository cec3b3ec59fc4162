"""Demo data of the enforcement app: the 2022-style prompt list of 20 items and its delivery, and two
years of penalties, judicial transfers, accidents, accountability cases and unit assessments.

Deterministic and idempotent: a second run adds nothing. Years are last year and this year, so the
statistics always show a year-on-year change and last year's assessment has a 较大 accident.
"""

import datetime
import random
from decimal import Decimal

from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from base.choices import AccidentLevel, Role
from grid.choices import RegionLevel
from grid.models import Department, Enterprise, Official, Region, SupervisionVisit

from .choices import DeliveryChannel, PenaltyKind, Sanction, SubjectKind, TransferOutcome
from .models import (
    Accident,
    AccountabilityCase,
    JudicialTransfer,
    Penalty,
    PromptListDelivery,
    PromptListVersion,
    UnitAssessment,
    ViolationPromptItem,
)
from .services import assessment_compute, assessment_confirm, version_publish

CITY_CODE = "350400"
YONGAN = "350481"  # 永安市: the source's county with a 较大 accident in 2021

LAW = "《中华人民共和国安全生产法》"
PROMPT_ITEMS = [
    (
        "未建立健全全员安全生产责任制",
        "未建立、健全全员安全生产责任制和安全生产规章制度",
        f"{LAW}第九十四条",
        "责令限期改正，处二万元以上五万元以下罚款",
    ),
    (
        "主要负责人未履行安全生产管理职责",
        "主要负责人未组织制定并实施安全生产教育和培训计划等",
        f"{LAW}第九十五条",
        "责令限期改正，处二万元以上五万元以下罚款",
    ),
    (
        "未按规定设置安全生产管理机构或配备管理人员",
        "未按照规定设置安全生产管理机构或者配备安全生产管理人员",
        f"{LAW}第九十七条第一项",
        "责令限期改正，处十万元以下罚款",
    ),
    (
        "主要负责人、安全管理人员未经考核合格",
        "危险物品、矿山、金属冶炼、建筑施工、运输单位主要负责人和安全生产管理人员未按照规定经考核合格",
        f"{LAW}第九十七条第二项",
        "责令限期改正，处十万元以下罚款",
    ),
    (
        "未按规定对从业人员进行安全生产教育和培训",
        "未如实告知从业人员有关安全生产事项，未进行安全生产教育和培训",
        f"{LAW}第九十七条第三项",
        "责令限期改正，处十万元以下罚款",
    ),
    (
        "未如实记录安全生产教育和培训情况",
        "未如实记录安全生产教育和培训情况",
        f"{LAW}第九十七条第四项",
        "责令限期改正，处十万元以下罚款",
    ),
    (
        "特种作业人员未持证上岗",
        "特种作业人员未按照规定经专门的安全作业培训并取得相应资格",
        f"{LAW}第九十七条第七项",
        "责令限期改正，处十万元以下罚款",
    ),
    (
        "建设项目安全设施未执行“三同时”",
        "建设项目安全设施未与主体工程同时设计、同时施工、同时投入生产和使用",
        f"{LAW}第九十八条",
        "责令停止建设或者停产停业整顿，处五十万元以下罚款",
    ),
    (
        "未设置明显的安全警示标志",
        "未在有较大危险因素的生产经营场所和有关设施、设备上设置明显的安全警示标志",
        f"{LAW}第九十九条第一项",
        "责令限期改正，处五万元以下罚款",
    ),
    (
        "安全设备未经常性维护、保养和定期检测",
        "安全设备的安装、使用、检测、改造和报废不符合标准，未经常性维护、保养和定期检测",
        f"{LAW}第九十九条第二、三项",
        "责令限期改正，处五万元以下罚款",
    ),
    (
        "关闭、破坏安全监控、报警设备或篡改数据",
        "关闭、破坏直接关系生产安全的监控、报警、防护、救生设备、设施，或者篡改、隐瞒、销毁其相关数据、信息",
        f"{LAW}第九十九条第四项",
        "责令限期改正，处五万元以下罚款",
    ),
    (
        "未为从业人员提供符合标准的劳动防护用品",
        "未为从业人员提供符合国家标准或者行业标准的劳动防护用品",
        f"{LAW}第九十九条第五项",
        "责令限期改正，处五万元以下罚款",
    ),
    (
        "使用应当淘汰的危及生产安全的工艺、设备",
        "使用应当淘汰的危及生产安全的工艺、设备",
        f"{LAW}第九十九条第八项",
        "责令限期改正，处五万元以下罚款",
    ),
    (
        "危险物品未建立专门安全管理制度",
        "生产、经营、运输、储存、使用危险物品或者处置废弃危险物品，未建立专门安全管理制度、未采取可靠的安全措施",
        f"{LAW}第一百零一条第一项",
        "责令限期改正，处十万元以下罚款",
    ),
    (
        "重大危险源未登记建档、未进行定期检测评估监控",
        "对重大危险源未登记建档，未进行定期检测、评估、监控，未制定应急预案",
        f"{LAW}第一百零一条第二项",
        "责令限期改正，处十万元以下罚款",
    ),
    (
        "未建立安全风险分级管控和隐患排查治理双重预防机制",
        "未建立安全风险分级管控制度或者未按照安全风险分级采取相应管控措施",
        f"{LAW}第一百零一条第四项",
        "责令限期改正，处十万元以下罚款",
    ),
    (
        "未采取措施消除事故隐患",
        "未建立事故隐患排查治理制度，或者重大事故隐患排查治理情况未按照规定报告",
        f"{LAW}第一百零一条第五项、第一百零二条",
        "责令立即消除或者限期消除，处五万元以下罚款",
    ),
    (
        "将生产经营项目发包给不具备安全生产条件的单位",
        "将生产经营项目、场所、设备发包或者出租给不具备安全生产条件或者相应资质的单位或者个人",
        f"{LAW}第一百零三条",
        "责令限期改正，没收违法所得，并处罚款",
    ),
    (
        "员工宿舍与生产经营场所不符合安全要求",
        "生产、经营、储存、使用危险物品的车间、商店、仓库与员工宿舍在同一座建筑内，或者与员工宿舍的距离不符合安全要求",
        f"{LAW}第一百零五条第一项",
        "责令限期改正，处五万元以下罚款",
    ),
    (
        "安全出口、疏散通道不符合要求",
        "生产经营场所和员工宿舍未设有符合紧急疏散需要、标志明显、保持畅通的出口、疏散通道，或者占用、锁闭、封堵",
        f"{LAW}第一百零五条第二项",
        "责令限期改正，处五万元以下罚款",
    ),
]
INDUSTRIES = {
    7: ["industrial_trade", "construction"],
    14: ["hazardous_chemicals", "fireworks"],
    15: ["hazardous_chemicals", "mining"],
}
VIOLATIONS = [item[0] for item in PROMPT_ITEMS]
KINDS = [PenaltyKind.FINE] * 7 + [PenaltyKind.WARNING] * 2 + [PenaltyKind.SUSPENSION, PenaltyKind.CONFISCATION]


def add_arguments(parser) -> None:
    parser.add_argument(
        "--penalties", type=int, default=None, help="行政处罚：今年的条数（去年约为其一半；默认 400，或单位数的 1/25）"
    )


def city_user():
    official = Official.objects.filter(role=Role.CITY_COMMITTEE, region__code=CITY_CODE).select_related("user").first()
    return official.user if official else None


def seed_prompt_list(today: datetime.date) -> int:
    """The city's list of 20 items, published at the start of last year (notice and acknowledgements to all)."""
    city = Region.objects.get(code=CITY_CODE)
    year = today.year - 1
    version, created = PromptListVersion.objects.get_or_create(
        region=city, year=year, defaults={"document_number": f"明安委办〔{year}〕5号"}
    )
    if not created:
        return 0
    ViolationPromptItem.objects.bulk_create(
        ViolationPromptItem(
            version=version,
            number=number,
            title=title,
            description=description,
            legal_basis=basis,
            penalty_range=penalty,
            industries=INDUSTRIES.get(number, []),
        )
        for number, (title, description, basis, penalty) in enumerate(PROMPT_ITEMS, start=1)
    )
    sent = version_publish(version=version, by=city_user())
    published = timezone.make_aware(datetime.datetime(year, 1, 15, 9, 0))
    PromptListVersion.objects.filter(pk=version.pk).update(published_at=published)
    version.acknowledgements.filter(
        pk__in=version.acknowledgements.order_by("pk").values("pk")[: sent * 4 // 5]
    ).update(acknowledged_at=published + datetime.timedelta(days=3))
    return len(PROMPT_ITEMS)


def seed_deliveries(today: datetime.date) -> int:
    """Visits that handed the list over reach their enterprises; townships record some more by hand."""
    version = PromptListVersion.objects.filter(region__code=CITY_CODE, year=today.year - 1).first()
    if version is None or version.deliveries.exists():
        return 0
    rng = random.Random(12)
    rows, reached = [], set()
    visits = SupervisionVisit.objects.filter(prompt_list_delivered=True).order_by("visited_on", "pk")
    for visit_id, enterprise_id, region_id, day in visits.values_list("pk", "enterprise_id", "region_id", "visited_on"):
        if enterprise_id not in reached:
            reached.add(enterprise_id)
            rows.append(
                PromptListDelivery(
                    version=version,
                    enterprise_id=enterprise_id,
                    region_id=region_id,
                    visit_id=visit_id,
                    delivered_on=day,
                    channel=DeliveryChannel.VISIT,
                )
            )
    start = datetime.date(version.year, 2, 1)
    for enterprise_id, region_id in Enterprise.objects.order_by("pk").values_list("pk", "region_id"):
        if enterprise_id not in reached and rng.random() < 0.45:
            rows.append(
                PromptListDelivery(
                    version=version,
                    enterprise_id=enterprise_id,
                    region_id=region_id,
                    delivered_on=start + datetime.timedelta(days=rng.randrange(0, 300)),
                    channel=DeliveryChannel.TOWNSHIP,
                )
            )
    bulk_create_with_history(rows, PromptListDelivery, batch_size=2000, default_change_reason="演示数据")
    return len(rows)


def seed_penalties(this_year_count: int, today: datetime.date) -> int:
    """Penalties of last year and this year to date (about twice as many: 非事故预防性 enforcement grows)."""
    if Penalty.objects.exists():
        return 0
    rng = random.Random(21)
    enterprises = list(
        Enterprise.objects.order_by("pk").values_list("pk", "region_id", "region__path", "department_id")
    )
    if not enterprises:
        return 0
    emergency = {d.region.code: d.pk for d in Department.objects.filter(kind="emergency").select_related("region")}
    items = list(ViolationPromptItem.objects.order_by("number").values_list("pk", "title", "legal_basis"))
    rows, serial = [], {}
    for year, count, last_day in (
        (today.year - 1, this_year_count // 2, datetime.date(today.year - 1, 12, 31)),
        (today.year, this_year_count * today.timetuple().tm_yday // 365, today),
    ):
        for _ in range(count):
            enterprise_id, region_id, path, department_id = enterprises[rng.randrange(len(enterprises))]
            county = path.split("/")[1]
            item = items[rng.randrange(len(items))] if items else (None, VIOLATIONS[0], LAW)
            kind = KINDS[rng.randrange(len(KINDS))]
            serial[(county, year)] = serial.get((county, year), 0) + 1
            rows.append(
                Penalty(
                    case_number=f"明{county}应急罚〔{year}〕{serial[(county, year)]:04d}号",
                    enterprise_id=enterprise_id,
                    region_id=region_id,
                    department_id=department_id or emergency[county],
                    decided_on=last_day
                    - datetime.timedelta(days=rng.randrange(0, (last_day - datetime.date(year, 1, 1)).days + 1)),
                    violation=item[1],
                    prompt_item_id=item[0],
                    legal_basis=item[2],
                    kind=kind,
                    amount=Decimal(rng.randrange(1, 50) * 1000)
                    if kind in (PenaltyKind.FINE, PenaltyKind.CONFISCATION)
                    else Decimal(0),
                    preventive=rng.random() < 0.85,
                )
            )
    bulk_create_with_history(rows, Penalty, batch_size=2000, default_change_reason="演示数据")
    return len(rows)


def seed_accidents(today: datetime.date) -> int:
    """A few 一般 accidents a year and, last year, a 较大 one in 永安市 (the county is downgraded for it)."""
    if Accident.objects.exists():
        return 0
    rng = random.Random(33)
    townships = list(Region.objects.filter(level=RegionLevel.TOWNSHIP).order_by("code"))
    housing = {d.region.code: d for d in Department.objects.filter(kind="housing").select_related("region")}
    yongan = Region.objects.filter(code__startswith=YONGAN, level=RegionLevel.TOWNSHIP).order_by("code").first()
    specs = [(today.year - 1, yongan, AccidentLevel.LARGER, 3, "某在建工程工地", "建筑施工", "construction")]
    for year in (today.year - 1, today.year):
        for _ in range(6 if year < today.year else 3):
            specs.append(
                (
                    year,
                    townships[rng.randrange(len(townships))],
                    AccidentLevel.GENERAL,
                    rng.randrange(0, 2),
                    "某企业厂区",
                    "工贸",
                    "industrial_trade",
                )
            )
    created = 0
    for year, township, level, deaths, place, _, industry in specs:
        if township is None:
            continue
        last = datetime.date(year, 12, 31) if year < today.year else today
        accident = Accident.objects.create(
            occurred_on=last
            - datetime.timedelta(days=rng.randrange(0, max(1, (last - datetime.date(year, 1, 1)).days))),
            place=place,
            region=township,
            industry=industry,
            department=housing.get(township.code[:6]) if industry == "construction" else None,
            level=level,
            deaths=deaths,
            injuries=rng.randrange(0, 3),
            direct_loss=Decimal(rng.randrange(10, 500)),
            summary="作业人员违章作业导致事故。" if level == AccidentLevel.GENERAL else "在建工程坍塌，造成3人死亡。",
            investigation_report="企业安全生产主体责任不落实，属地和行业部门监管不到位。"
            if level != AccidentLevel.GENERAL
            else "",
        )
        created += 1
        if level == AccidentLevel.LARGER:
            AccountabilityCase.objects.create(
                region=township.parent,
                accident=accident,
                subject_name="某副市长",
                subject_post="分管安全生产副市长",
                finding="对辖区建筑施工安全监管不力",
                sanction=Sanction.ADMONISHMENT,
                decided_on=accident.occurred_on + datetime.timedelta(days=60),
            )
            JudicialTransfer.objects.create(
                enterprise=Enterprise.objects.filter(region=township).order_by("pk").first()
                or Enterprise.objects.order_by("pk").first(),
                department=housing[township.code[:6]],
                person_name="某项目经理",
                case_summary="涉嫌重大责任事故罪",
                accident=accident,
                transferred_on=accident.occurred_on + datetime.timedelta(days=30),
                receiving_organ="永安市公安局",
                outcome=TransferOutcome.PROSECUTED,
            )
    return created


def seed_accountability(today: datetime.date) -> int:
    """Officials investigated for failures without an accident, and heads transferred for violations before one."""
    if AccountabilityCase.objects.filter(accident__isnull=True).exists():
        return 0
    rng = random.Random(44)
    counties = list(Region.objects.filter(level=RegionLevel.COUNTY).order_by("code"))
    penalties = list(
        Penalty.objects.filter(kind=PenaltyKind.SUSPENSION).select_related("enterprise", "department")[:12]
    )
    created = 0
    for year in (today.year - 1, today.year):
        for _ in range(8):
            county = counties[rng.randrange(len(counties))]
            AccountabilityCase.objects.create(
                region=county,
                failure="未按规定履行安全生产监管职责",
                subject_kind=SubjectKind.OFFICIAL,
                subject_name="某干部",
                subject_post="乡镇安监站站长",
                finding="对辖区企业重大事故隐患督促整改不力",
                sanction=[Sanction.ADMONISHMENT, Sanction.WARNING, Sanction.DEMERIT][rng.randrange(3)],
                decided_on=datetime.date(year, rng.randrange(1, 12 if year < today.year else today.month + 1), 1),
            )
            created += 1
    for penalty in penalties:
        JudicialTransfer.objects.create(
            enterprise=penalty.enterprise,
            department=penalty.department,
            person_name=penalty.enterprise.principal_name,
            person_id_number=penalty.enterprise.principal_id_number,
            penalty=penalty,
            case_summary="拒不执行停产停业整顿决定，涉嫌危险作业罪",
            transferred_on=penalty.decided_on + datetime.timedelta(days=20),
            receiving_organ="公安机关",
        )
    return created


def seed_assessments(today: datetime.date) -> int:
    """Last year's assessment computed and confirmed by the city committee; this year's awaits the year end."""
    city = Region.objects.get(code=CITY_CODE)
    if UnitAssessment.objects.filter(year=today.year - 1, status="confirmed").exists():
        return 0
    written = assessment_compute(year=today.year - 1, city=city)
    user = city_user()
    if user is not None:
        assessment_confirm(year=today.year - 1, city=city, by=user)
    return written


def seed(options: dict, log) -> None:
    today = timezone.localdate()
    log(f"违法行为提示清单：新增 {seed_prompt_list(today)} 项")
    log(f"提示清单送达：新增 {seed_deliveries(today)}")
    penalties = options.get("penalties") or max(400, options.get("enterprises", 0) // 25)
    log(f"行政处罚：新增 {seed_penalties(penalties, today)}")
    log(f"生产安全事故：新增 {seed_accidents(today)}")
    log(f"责任追究：新增 {seed_accountability(today)}")
    log(f"评先评优挂钩：新增 {seed_assessments(today)}")
