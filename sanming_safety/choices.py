from base.choices import ChoiceSet, Colour


class BulletinStatus(ChoiceSet):
    """A 督查通报 is drafted from the numbers, edited, then issued (签发) and never changed again."""

    DRAFT = "draft"
    ISSUED = "issued"
    CHOICES = [(DRAFT, "草稿", Colour.GREY), (ISSUED, "已签发", Colour.GREEN)]
