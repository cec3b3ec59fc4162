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
