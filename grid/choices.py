from base.choices import ChoiceSet, Colour


class RegionLevel(ChoiceSet):
    CITY = "city"
    COUNTY = "county"
    TOWNSHIP = "township"
    ZONE = "zone"
    VILLAGE = "village"
    CHOICES = [
        (CITY, "市", Colour.RED),
        (COUNTY, "县（市、区）", Colour.ORANGE),
        (TOWNSHIP, "乡镇（街道）", Colour.BLUE),
        (ZONE, "开发区", Colour.BLUE),
        (VILLAGE, "村（居）", Colour.GREEN),
    ]


class Industry(ChoiceSet):
    """Industries of regulated units; grids (网格) are drawn per industry."""

    INDUSTRIAL_TRADE = "industrial_trade"
    CONSTRUCTION = "construction"
    ROAD_TRANSPORT = "road_transport"
    HAZARDOUS_CHEMICALS = "hazardous_chemicals"
    MINING = "mining"
    FIREWORKS = "fireworks"
    CROWDED_PLACES = "crowded_places"
    SOCIAL_SERVICES = "social_services"
    GAS = "gas"
    SPECIAL_EQUIPMENT = "special_equipment"
    TOURISM = "tourism"
    OTHER = "other"
    CHOICES = [
        (INDUSTRIAL_TRADE, "工贸企业", Colour.BLUE),
        (CONSTRUCTION, "建筑施工", Colour.ORANGE),
        (ROAD_TRANSPORT, "道路运输", Colour.BLUE),
        (HAZARDOUS_CHEMICALS, "危险化学品", Colour.RED),
        (MINING, "矿山", Colour.RED),
        (FIREWORKS, "烟花爆竹", Colour.RED),
        (CROWDED_PLACES, "人员密集场所", Colour.ORANGE),
        (SOCIAL_SERVICES, "社会事业", Colour.GREEN),
        (GAS, "城镇燃气", Colour.ORANGE),
        (SPECIAL_EQUIPMENT, "特种设备", Colour.YELLOW),
        (TOURISM, "文化旅游", Colour.GREEN),
        (OTHER, "其他", Colour.GREY),
    ]


class DepartmentKind(ChoiceSet):
    """The 25 regulators with inspection duties; a kind exists at city and county level."""

    CHOICES = [
        ("emergency", "应急管理局", Colour.RED),
        ("housing", "住房和城乡建设局", Colour.ORANGE),
        ("transport", "交通运输局", Colour.BLUE),
        ("industry", "工业和信息化局", Colour.BLUE),
        ("market", "市场监督管理局", Colour.BLUE),
        ("fire", "消防救援机构", Colour.RED),
        ("traffic_police", "公安交警", Colour.BLUE),
        ("public_security", "公安局", Colour.BLUE),
        ("natural_resources", "自然资源局", Colour.GREEN),
        ("forestry", "林业局", Colour.GREEN),
        ("water", "水利局", Colour.BLUE),
        ("education", "教育局", Colour.GREEN),
        ("culture_tourism", "文化和旅游局", Colour.GREEN),
        ("health", "卫生健康委员会", Colour.GREEN),
        ("commerce", "商务局", Colour.BLUE),
        ("agriculture", "农业农村局", Colour.GREEN),
        ("ecology", "生态环境局", Colour.GREEN),
        ("urban_management", "城市管理局", Colour.BLUE),
        ("civil_affairs", "民政局", Colour.GREEN),
        ("development_reform", "发展和改革委员会", Colour.BLUE),
        ("sports", "体育局", Colour.GREEN),
        ("state_assets", "国有资产监督管理委员会", Colour.BLUE),
        ("ethnic_religious", "民族与宗教事务局", Colour.GREEN),
        ("civil_defense", "人民防空办公室", Colour.GREY),
        ("meteorology", "气象局", Colour.GREY),
    ]


class EnterpriseStatus(ChoiceSet):
    OPERATING = "operating"
    SUSPENDED = "suspended"
    CLOSED = "closed"
    CHOICES = [
        (OPERATING, "正常经营", Colour.GREEN),
        (SUSPENDED, "停产停业", Colour.YELLOW),
        (CLOSED, "已关闭", Colour.GREY),
    ]


class GridIndustry(ChoiceSet):
    """The nine standard grids of a township (网格); a township may add its own (``other``)."""

    INDUSTRIAL_TRADE = "industrial_trade"
    CONSTRUCTION = "construction"
    ROAD_TRAFFIC = "road_traffic"
    HAZARDOUS_CHEMICALS = "hazardous_chemicals"
    MINING = "mining"
    SOCIAL_SERVICES = "social_services"
    CROWDED_PLACES = "crowded_places"
    FOREST_FIRE = "forest_fire"
    FLOOD_DROUGHT = "flood_drought"
    OTHER = "other"
    CHOICES = [
        (INDUSTRIAL_TRADE, "工贸企业", Colour.BLUE),
        (CONSTRUCTION, "在建工程", Colour.ORANGE),
        (ROAD_TRAFFIC, "道路交通", Colour.BLUE),
        (HAZARDOUS_CHEMICALS, "危险化学品", Colour.RED),
        (MINING, "矿山", Colour.RED),
        (SOCIAL_SERVICES, "社会事业", Colour.GREEN),
        (CROWDED_PLACES, "重点人员密集场所", Colour.ORANGE),
        (FOREST_FIRE, "森林防火", Colour.GREEN),
        (FLOOD_DROUGHT, "防汛抗旱", Colour.BLUE),
        (OTHER, "其他", Colour.GREY),
    ]
    STANDARD = (
        INDUSTRIAL_TRADE,
        CONSTRUCTION,
        ROAD_TRAFFIC,
        HAZARDOUS_CHEMICALS,
        MINING,
        SOCIAL_SERVICES,
        CROWDED_PLACES,
        FOREST_FIRE,
        FLOOD_DROUGHT,
    )


class SupervisorLevel(ChoiceSet):
    """网格督导员层级: 总督导员 (township head), 一级 (leadership), 二级 (station head), 三级 (village head)."""

    CHIEF = "chief"
    FIRST = "first"
    SECOND = "second"
    THIRD = "third"
    CHOICES = [
        (CHIEF, "总督导员", Colour.RED),
        (FIRST, "一级督导员", Colour.ORANGE),
        (SECOND, "二级督导员", Colour.BLUE),
        (THIRD, "三级督导员", Colour.GREEN),
    ]


class GuideStatus(ChoiceSet):
    DRAFT = "draft"
    PUBLISHED = "published"
    CHOICES = [(DRAFT, "草稿", Colour.GREY), (PUBLISHED, "已发布", Colour.GREEN)]


class CheckItem(ChoiceSet):
    """What a supervisor checks on a visit (督导内容)."""

    CHOICES = [
        ("responsibility", "主体责任落实", Colour.BLUE),
        ("hazard_check", "隐患自查自改", Colour.BLUE),
        ("training", "安全教育培训", Colour.BLUE),
        ("fire_safety", "消防安全", Colour.RED),
        ("electricity", "用电安全", Colour.ORANGE),
        ("special_work", "特种作业持证", Colour.ORANGE),
        ("emergency", "应急预案与演练", Colour.GREEN),
        ("ledger", "安全台账", Colour.GREY),
    ]


class AssessmentPeriod(ChoiceSet):
    """考核周期: a quarter or the whole year."""

    Q1 = "q1"
    Q2 = "q2"
    Q3 = "q3"
    Q4 = "q4"
    YEAR = "year"
    CHOICES = [
        (Q1, "第一季度", Colour.BLUE),
        (Q2, "第二季度", Colour.BLUE),
        (Q3, "第三季度", Colour.BLUE),
        (Q4, "第四季度", Colour.BLUE),
        (YEAR, "全年", Colour.ORANGE),
    ]


class AssessmentRating(ChoiceSet):
    EXCELLENT = "excellent"
    COMPETENT = "competent"
    BASIC = "basic"
    INCOMPETENT = "incompetent"
    CHOICES = [
        (EXCELLENT, "优秀", Colour.GREEN),
        (COMPETENT, "称职", Colour.BLUE),
        (BASIC, "基本称职", Colour.YELLOW),
        (INCOMPETENT, "不称职", Colour.RED),
    ]


class HouseStage(ChoiceSet):
    """农房建设阶段: from application to acceptance."""

    APPLIED = "applied"
    APPROVED = "approved"
    UNDER_CONSTRUCTION = "under_construction"
    COMPLETED = "completed"
    ACCEPTED = "accepted"
    CHOICES = [
        (APPLIED, "已申请", Colour.GREY),
        (APPROVED, "已审批", Colour.BLUE),
        (UNDER_CONSTRUCTION, "在建", Colour.ORANGE),
        (COMPLETED, "已竣工", Colour.YELLOW),
        (ACCEPTED, "已验收", Colour.GREEN),
    ]


class SevenOne(ChoiceSet):
    """房长制"七个一": the seven things every county puts in place."""

    CHOICES = [
        ("policy", "一份“全部纳管、分级分类”文件", Colour.BLUE),
        ("association", "一个工匠协会", Colour.BLUE),
        ("support_group", "一个技术支撑群", Colour.BLUE),
        ("training", "一次全覆盖应急培训", Colour.BLUE),
        ("platform", "一个监管平台", Colour.BLUE),
        ("enforcement", "一支综合执法队伍", Colour.BLUE),
        ("hotline", "一个有奖举报热线", Colour.BLUE),
    ]


class ProgressStatus(ChoiceSet):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    CHOICES = [
        (NOT_STARTED, "未开展", Colour.RED),
        (IN_PROGRESS, "推进中", Colour.YELLOW),
        (DONE, "已完成", Colour.GREEN),
    ]


class TipOffStatus(ChoiceSet):
    RECEIVED = "received"
    INVESTIGATING = "investigating"
    SUBSTANTIATED = "substantiated"
    UNFOUNDED = "unfounded"
    CHOICES = [
        (RECEIVED, "已受理", Colour.GREY),
        (INVESTIGATING, "核查中", Colour.YELLOW),
        (SUBSTANTIATED, "查实已处理", Colour.GREEN),
        (UNFOUNDED, "不属实", Colour.BLUE),
    ]


class StaffRole(ChoiceSet):
    FULL_TIME = "full_time"
    PART_TIME = "part_time"
    CHOICES = [(FULL_TIME, "专职", Colour.BLUE), (PART_TIME, "兼职", Colour.GREEN)]


class VenueKind(ChoiceSet):
    """小场所: the small venues where small fires kill."""

    CHOICES = [
        ("shop", "小商店", Colour.BLUE),
        ("restaurant", "小餐饮", Colour.ORANGE),
        ("workshop", "小作坊", Colour.RED),
        ("hotel", "小旅馆", Colour.ORANGE),
        ("entertainment", "小娱乐场所", Colour.ORANGE),
        ("rental", "出租屋", Colour.RED),
        ("residence", "住宅", Colour.YELLOW),
        ("other", "其他", Colour.GREY),
    ]
