"""The city's checklist (检查表) per industry: what an inspection team checks at a unit of that industry."""

from simple_history.utils import bulk_create_with_history

from grid.choices import Industry
from grid.models import Region

from .models import ChecklistItem

COMMON = [
    "建立健全全员安全生产责任制，主要负责人履行第一责任人职责",
    "开展安全风险辨识评估，落实风险分级管控措施",
    "建立隐患排查治理台账，隐患闭环整改",
    "从业人员经安全生产教育和培训合格，特种作业人员持证上岗",
    "制定生产安全事故应急预案并定期演练",
]

CHECKLISTS = {
    Industry.INDUSTRIAL_TRADE: [
        "粉尘涉爆场所除尘系统、泄爆装置符合要求，定期清扫积尘",
        "有限空间作业审批、先通风后检测再作业，配备检测和救援器材",
        "金属冶炼熔融金属吊运设备、炉体冷却系统安全可靠",
        "机械设备防护罩、急停装置完好",
    ],
    Industry.CONSTRUCTION: [
        "危险性较大的分部分项工程编制专项方案并经论证",
        "深基坑支护、监测符合方案要求",
        "高支模、脚手架搭设验收合格，连墙件齐全",
        "起重机械安装验收、使用登记，司机持证",
        "临边洞口防护、施工用电三级配电两级保护",
    ],
    Industry.ROAD_TRANSPORT: [
        "营运车辆动态监控在线率、超速疲劳驾驶处置",
        "驾驶员资格、安全教育和从业行为管理",
        "车辆技术状况、定期检验和维护",
        "危险货物运输车辆及人员资质、电子运单",
    ],
    Industry.HAZARDOUS_CHEMICALS: [
        "重大危险源包保责任落实，监测监控系统正常运行",
        "特殊作业（动火、受限空间等）票证管理",
        "装置自动化控制、安全仪表系统投用",
        "危险化学品储存符合禁忌要求，储罐区防火堤完好",
        "变更管理和外来施工人员管理",
    ],
    Industry.MINING: [
        "矿山安全生产许可证在有效期内，证照齐全",
        "采空区、边坡监测及排土场稳定性",
        "井下通风、排水、提升系统运行可靠",
        "民用爆炸物品储存、领用登记管理",
        "尾矿库坝体安全监测及防洪能力",
    ],
    Industry.FIREWORKS: [
        "生产企业工房定员定量、人员不超员",
        "药物总仓库、中转库存药量不超标",
        "批发经营仓库防雷、防静电设施检测合格",
        "零售点不超量储存，远离居民住宅",
    ],
    Industry.CROWDED_PLACES: [
        "疏散通道、安全出口畅通，应急照明和疏散指示标志完好",
        "消防设施器材完好有效，消防控制室值班人员持证",
        "电气线路敷设规范，无私拉乱接",
        "未违规使用易燃可燃材料装修",
    ],
    Industry.SOCIAL_SERVICES: [
        "学校、医院、养老机构消防安全管理制度落实",
        "食堂燃气使用安全，安装可燃气体报警装置",
        "建筑物结构安全，无擅自改变使用功能",
        "人员密集时段安全巡查和值守",
    ],
    Industry.GAS: [
        "燃气经营许可证在有效期内",
        "储配站、调压设施安全间距和防雷防静电",
        "管网巡检和第三方施工破坏防护",
        "瓶装液化石油气充装、配送信息可追溯",
        "用户端安全检查及隐患整改",
    ],
    Industry.SPECIAL_EQUIPMENT: [
        "特种设备使用登记、定期检验在有效期内",
        "电梯维保单位按规定维护保养",
        "压力容器、压力管道安全附件校验",
        "特种设备作业人员持证上岗",
    ],
    Industry.TOURISM: [
        "景区游客最大承载量控制和预约限流",
        "游乐设施定期检验、每日试运行检查",
        "漂流、玻璃栈道等高风险项目安全防护",
        "旅游包车资质和驾驶员安全管理",
    ],
    Industry.OTHER: [
        "安全管理机构和管理人员配备符合规定",
        "作业场所安全警示标志设置规范",
    ],
}


def checklist_items(industry: str) -> list[str]:
    """The items of an industry's checklist, the industry's own first, then those every unit answers."""
    return [*CHECKLISTS.get(industry, []), *COMMON]


def seed_checklists(region: Region) -> int:
    """The checklist of every industry issued by ``region`` (the city); items already there are kept."""
    existing = set(ChecklistItem.objects.filter(region=region).values_list("industry", "number"))
    new = [
        ChecklistItem(region=region, industry=industry, number=number, text=text)
        for industry in Industry.values
        for number, text in enumerate(checklist_items(industry), start=1)
        if (industry, number) not in existing
    ]
    bulk_create_with_history(new, ChecklistItem, default_change_reason="检查表初始条目")
    return len(new)
