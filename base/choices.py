"""Choice sets: each choice carries a stored value, a Chinese label and a colour.

The colour is the same on pages, the map and in Excel, so it lives with the
choice rather than in each template.
"""

from django.db import models
from django.db.models.fields.json import DataContains


class Colour:
    GREY = "#6c757d"
    RED = "#dc3545"
    ORANGE = "#fd7e14"
    YELLOW = "#ffc107"
    BLUE = "#0d6efd"
    GREEN = "#198754"


class ChoiceSet:
    """Declare ``CHOICES = [(value, label, colour), ...]`` on a subclass."""

    CHOICES: list[tuple[str, str, str]] = []

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        cls.choices = [(value, label) for value, label, _ in cls.CHOICES]
        cls.values = [value for value, _, _ in cls.CHOICES]
        cls.labels = {value: label for value, label, _ in cls.CHOICES}
        cls.colours = {value: colour for value, _, colour in cls.CHOICES}
        cls.by_label = {label: value for value, label, _ in cls.CHOICES}
        cls.max_length = max((len(value) for value in cls.values), default=1)

    @classmethod
    def label(cls, value: str) -> str:
        return cls.labels.get(value, value or "")

    @classmethod
    def colour(cls, value: str) -> str:
        return cls.colours.get(value, Colour.GREY)


def choice_field(choice_set: type[ChoiceSet], **kwargs) -> models.CharField:
    """A CharField over a ChoiceSet; templates and Excel find the colours through it."""
    kwargs.setdefault("max_length", max(choice_set.max_length, 16))
    field = models.CharField(choices=choice_set.choices, **kwargs)
    field.choice_set = choice_set
    return field


def choice_list_field(choice_set: type[ChoiceSet], verbose_name: str, **kwargs) -> models.JSONField:
    """A JSON list of a ChoiceSet's values (督导内容); pages and history show their labels."""
    kwargs.setdefault("default", list)
    kwargs.setdefault("blank", True)
    field = models.JSONField(verbose_name, **kwargs)
    field.choice_set = choice_set
    return field


@models.JSONField.register_lookup
class Includes(models.Lookup):
    """``industries__includes="mining"``: the list holds this value. PostgreSQL answers with JSON ``contains``
    (``@>``, which its indexes serve); SQLite has no JSON ``contains``, so there the list's items are read."""

    lookup_name = "includes"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        return compiler.compile(DataContains(self.lhs, [self.rhs]))

    def as_sqlite(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"EXISTS (SELECT 1 FROM JSON_EACH({lhs}) AS item WHERE item.value = {rhs})", (*lhs_params, *rhs_params)


class Role(ChoiceSet):
    """An official's role: what they may do inside their jurisdiction."""

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


# Roles that may create and change records inside their jurisdiction (a model may add more).
WRITER_ROLES = frozenset({Role.ADMIN, Role.CITY_COMMITTEE, Role.COUNTY_COMMITTEE, Role.DEPARTMENT, Role.TOWNSHIP})


class RiskGrade(ChoiceSet):
    """四色风险等级: red 重大, orange 较大, yellow 一般, blue 低."""

    RED = "red"
    ORANGE = "orange"
    YELLOW = "yellow"
    BLUE = "blue"
    CHOICES = [
        (RED, "重大风险", Colour.RED),
        (ORANGE, "较大风险", Colour.ORANGE),
        (YELLOW, "一般风险", Colour.YELLOW),
        (BLUE, "低风险", Colour.BLUE),
    ]


class SupervisionLevel(ChoiceSet):
    """分级属地监管: which level of government supervises a unit."""

    CITY = "city"
    COUNTY = "county"
    TOWNSHIP = "township"
    CHOICES = [(CITY, "市级", Colour.RED), (COUNTY, "县级", Colour.ORANGE), (TOWNSHIP, "乡镇级", Colour.BLUE)]


class AccidentLevel(ChoiceSet):
    """生产安全事故等级 (《生产安全事故报告和调查处理条例》第三条): an accident's, and a studied case's."""

    GENERAL = "general"
    LARGER = "larger"
    MAJOR = "major"
    ESPECIALLY_MAJOR = "especially_major"
    CHOICES = [
        (GENERAL, "一般事故", Colour.YELLOW),
        (LARGER, "较大事故", Colour.ORANGE),
        (MAJOR, "重大事故", Colour.RED),
        (ESPECIALLY_MAJOR, "特别重大事故", Colour.RED),
    ]
    # A 较大 accident or worse downgrades the unit (三个一律 rule 3).
    DOWNGRADING = (LARGER, MAJOR, ESPECIALLY_MAJOR)
