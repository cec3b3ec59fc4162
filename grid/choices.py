from sanming_safety.choices import ChoiceSet, Colour


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


class Role(ChoiceSet):
    CITY_COMMITTEE = "city_committee"
    COUNTY_COMMITTEE = "county_committee"
    DEPARTMENT = "department"
    TOWNSHIP = "township"
    LEADER = "leader"
    GRID_SUPERVISOR = "grid_supervisor"
    ADMIN = "admin"
    CHOICES = [
        (CITY_COMMITTEE, "市安委办", Colour.RED),
        (COUNTY_COMMITTEE, "县安委办", Colour.ORANGE),
        (DEPARTMENT, "行业部门", Colour.BLUE),
        (TOWNSHIP, "乡镇（街道）", Colour.GREEN),
        (LEADER, "党政领导", Colour.RED),
        (GRID_SUPERVISOR, "网格督导员", Colour.GREEN),
        (ADMIN, "系统管理员", Colour.GREY),
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
