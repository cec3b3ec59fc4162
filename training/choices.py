"""Choice sets of 一季一班: class levels and formats, accident levels, how an attendee was checked in."""

from base.choices import ChoiceSet, Colour


class ClassLevel(ChoiceSet):
    """Who holds a warning class: the city (市级, 5 in 2021) or a county."""

    CITY = "city"
    COUNTY = "county"
    CHOICES = [(CITY, "市级", Colour.RED), (COUNTY, "县级", Colour.ORANGE)]


class ClassFormat(ChoiceSet):
    """通过观看教育视频、事故现场警示、专家授课等形式; a class uses several."""

    VIDEO = "video"
    SCENE = "scene"
    LECTURE = "lecture"
    CHOICES = [
        (VIDEO, "观看教育视频", Colour.BLUE),
        (SCENE, "事故现场警示", Colour.RED),
        (LECTURE, "专家授课", Colour.GREEN),
    ]


class AccidentLevel(ChoiceSet):
    """生产安全事故等级 (《生产安全事故报告和调查处理条例》)."""

    GENERAL = "general"
    LARGER = "larger"
    MAJOR = "major"
    ESPECIALLY_MAJOR = "especially_major"
    CHOICES = [
        (GENERAL, "一般事故", Colour.BLUE),
        (LARGER, "较大事故", Colour.YELLOW),
        (MAJOR, "重大事故", Colour.ORANGE),
        (ESPECIALLY_MAJOR, "特别重大事故", Colour.RED),
    ]


class CheckInMethod(ChoiceSet):
    """How an attendance was recorded: the attendee scanned the class's code, the desk entered it, or a workbook."""

    QR = "qr"
    DESK = "desk"
    IMPORT = "import"
    CHOICES = [
        (QR, "扫码签到", Colour.GREEN),
        (DESK, "现场登记", Colour.BLUE),
        (IMPORT, "表格导入", Colour.GREY),
    ]
