from base.choices import ChoiceSet, Colour


class VersionStatus(ChoiceSet):
    """A prompt-list version is drafted, then published to departments and townships."""

    DRAFT = "draft"
    PUBLISHED = "published"
    CHOICES = [(DRAFT, "草稿", Colour.GREY), (PUBLISHED, "已印发", Colour.GREEN)]


class DeliveryChannel(ChoiceSet):
    """How the prompt list reached an enterprise."""

    VISIT = "visit"
    TOWNSHIP = "township"
    CHOICES = [(VISIT, "网格督导员送达", Colour.GREEN), (TOWNSHIP, "乡镇（街道）登记送达", Colour.BLUE)]


class PenaltyKind(ChoiceSet):
    """行政处罚的种类 (《行政处罚法》第九条, as the safety laws use them)."""

    WARNING = "warning"
    FINE = "fine"
    CONFISCATION = "confiscation"
    SUSPENSION = "suspension"
    LICENCE_SUSPENDED = "licence_suspended"
    LICENCE_REVOKED = "licence_revoked"
    CLOSURE = "closure"
    DETENTION = "detention"
    CHOICES = [
        (WARNING, "警告", Colour.YELLOW),
        (FINE, "罚款", Colour.ORANGE),
        (CONFISCATION, "没收违法所得", Colour.ORANGE),
        (SUSPENSION, "责令停产停业", Colour.RED),
        (LICENCE_SUSPENDED, "暂扣许可证", Colour.RED),
        (LICENCE_REVOKED, "吊销许可证", Colour.RED),
        (CLOSURE, "责令关闭", Colour.RED),
        (DETENTION, "行政拘留", Colour.RED),
    ]


class TransferOutcome(ChoiceSet):
    """What became of a case transferred to the judicial organs (移送司法)."""

    PENDING = "pending"
    FILED = "filed"
    NOT_FILED = "not_filed"
    PROSECUTED = "prosecuted"
    CONVICTED = "convicted"
    CHOICES = [
        (PENDING, "待立案", Colour.GREY),
        (FILED, "已立案", Colour.BLUE),
        (NOT_FILED, "不予立案", Colour.GREY),
        (PROSECUTED, "已起诉", Colour.ORANGE),
        (CONVICTED, "已判决", Colour.RED),
    ]


class SubjectKind(ChoiceSet):
    OFFICIAL = "official"
    UNIT = "unit"
    CHOICES = [(OFFICIAL, "干部", Colour.BLUE), (UNIT, "单位", Colour.ORANGE)]


class Sanction(ChoiceSet):
    """责任追究的处理方式 (《三明市安全生产责任追究管理办法(试行)》)."""

    ADMONISHMENT = "admonishment"
    CRITICISM = "criticism"
    CIRCULATED = "circulated"
    WARNING = "warning"
    DEMERIT = "demerit"
    MAJOR_DEMERIT = "major_demerit"
    DEMOTION = "demotion"
    DISMISSAL = "dismissal"
    EXPULSION = "expulsion"
    CHOICES = [
        (ADMONISHMENT, "诫勉谈话", Colour.YELLOW),
        (CRITICISM, "批评教育", Colour.YELLOW),
        (CIRCULATED, "通报批评", Colour.ORANGE),
        (WARNING, "警告", Colour.ORANGE),
        (DEMERIT, "记过", Colour.ORANGE),
        (MAJOR_DEMERIT, "记大过", Colour.RED),
        (DEMOTION, "降级", Colour.RED),
        (DISMISSAL, "撤职", Colour.RED),
        (EXPULSION, "开除", Colour.RED),
    ]


class AssessmentStatus(ChoiceSet):
    COMPUTED = "computed"
    CONFIRMED = "confirmed"
    CHOICES = [(COMPUTED, "待市安委会确认", Colour.ORANGE), (CONFIRMED, "市安委会已确认", Colour.GREEN)]
