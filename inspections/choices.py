from base.choices import ChoiceSet, Colour


class PhaseKind(ChoiceSet):
    """四个阶段 of a campaign, in the order they run."""

    SELF_CHECK = "self_check"
    DEPARTMENT = "department"
    LOCAL = "local"
    LOCKDOWN = "lockdown"
    CHOICES = [
        (SELF_CHECK, "企业自查", Colour.BLUE),
        (DEPARTMENT, "行业检查", Colour.ORANGE),
        (LOCAL, "属地政府督查", Colour.GREEN),
        (LOCKDOWN, "严防死守", Colour.RED),
    ]


class InspectionMethod(ChoiceSet):
    """检查方式: an inspection uses one or several."""

    DISCUSSION = "discussion"
    INTERVIEW = "interview"
    SURPRISE = "surprise"
    UNDERCOVER = "undercover"
    FOUR_NOS = "four_nos"
    CHECKLIST = "checklist"
    CHOICES = [
        (DISCUSSION, "座谈交流", Colour.BLUE),
        (INTERVIEW, "重点谈话", Colour.BLUE),
        (SURPRISE, "突击检查", Colour.ORANGE),
        (UNDERCOVER, "明查暗访", Colour.ORANGE),
        (FOUR_NOS, "四不两直", Colour.RED),
        (CHECKLIST, "对表检查", Colour.GREEN),
    ]


class InspectionResult(ChoiceSet):
    """检查一家、合格一家: a 不合格 enterprise is inspected again until it passes."""

    PASSED = "passed"
    FAILED = "failed"
    CHOICES = [(PASSED, "合格", Colour.GREEN), (FAILED, "不合格", Colour.RED)]


class CheckOutcome(ChoiceSet):
    """One checklist item's outcome at an inspection."""

    PASS = "pass"
    FAIL = "fail"
    NOT_APPLICABLE = "na"
    CHOICES = [(PASS, "符合", Colour.GREEN), (FAIL, "不符合", Colour.RED), (NOT_APPLICABLE, "不适用", Colour.GREY)]


class EvaluationGrade(ChoiceSet):
    """年底一总评: the committee's final grade of a department or a county."""

    EXCELLENT = "excellent"
    GOOD = "good"
    FAIR = "fair"
    POOR = "poor"
    CHOICES = [
        (EXCELLENT, "优秀", Colour.GREEN),
        (GOOD, "良好", Colour.BLUE),
        (FAIR, "一般", Colour.YELLOW),
        (POOR, "较差", Colour.RED),
    ]
