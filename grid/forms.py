import re
from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Q
from django.utils import timezone

from base.choices import Role
from base.forms import ScopedModelForm, style_fields
from base.lookups import LookupField
from base.scoping import official_of
from base.uploads import validate_attachment

from .choices import CheckItem, GridIndustry, RegionLevel, SupervisorLevel
from .models import (
    TOWNSHIP_LEVELS,
    Craftsman,
    Enterprise,
    Grid,
    GridSupervisor,
    Official,
    Region,
    RuralHouse,
    SupervisionGuide,
    SupervisionVisit,
    SupervisorAssessment,
    next_guide_number,
)


class EnterpriseField(LookupField):
    """An enterprise typed ahead by name or 统一社会信用代码."""

    kind = "enterprise"
    code_field = "credit_code"
    search_fields = ("name", "credit_code")

    @classmethod
    def source(cls):
        return Enterprise.objects.all()


def id_tail(number: str) -> str:
    """The last four characters of an ID number: enough to tell two people apart, too little to identify."""
    return f"身份证尾号{number[-4:]}" if number else ""


def describe_person(name: str, *details: str) -> str:
    return f"{name}（{'，'.join(detail for detail in details if detail)}）"


class CraftsmanField(LookupField):
    """A rural craftsman typed ahead by name or certificate number; offered with township and ID tail."""

    kind = "craftsman"
    placeholder = "输入工匠姓名或证书编号，从提示中选择"
    search_fields = ("name", "certificate_no")

    @classmethod
    def source(cls):
        return Craftsman.objects.select_related("region")

    @classmethod
    def describe(cls, obj) -> str:
        certificate = f"证书{obj.certificate_no}" if obj.certificate_no else "无合格证书"
        return describe_person(obj.name, obj.region.name, obj.trade, certificate, id_tail(obj.id_number))


class GridField(LookupField):
    """A grid typed ahead by its township, category or name (列东街道·工贸企业), offered as the lists show it."""

    kind = "grid"
    placeholder = "输入乡镇或网格名称，从提示中选择"
    search_fields = ("region__name", "name")

    @classmethod
    def source(cls):
        return Grid.objects.select_related("region")

    @classmethod
    def matching(cls, text: str) -> Q:
        """Every part of "列东街道·工贸" names the township, the grid or its category (a code, matched by its label)."""
        condition = Q()
        for part in filter(None, (part.strip() for part in text.split("·"))):
            categories = [value for value, label in GridIndustry.choices if part in label]
            condition &= super().matching(part) | Q(industry__in=categories)
        return condition


class GridSupervisorField(LookupField):
    """A grid supervisor typed ahead by name or phone; offered with township, level, post and phone tail."""

    kind = "grid_supervisor"
    placeholder = "输入督导员姓名或手机号，从提示中选择"
    search_fields = ("name", "phone")

    @classmethod
    def source(cls):
        return GridSupervisor.objects.select_related("region", "village")

    @classmethod
    def describe(cls, obj) -> str:
        place = f"{obj.region.name}{obj.village.name}" if obj.village_id else obj.region.name
        return describe_person(
            obj.name, place, SupervisorLevel.label(obj.level), obj.position, f"手机尾号{obj.phone[-4:]}"
        )


class OfficialField(LookupField):
    """An official typed ahead by name, post or office; offered with office, role and post."""

    kind = "official"
    placeholder = "输入姓名或单位，从提示中选择"
    search_fields = ("name", "post", "region__name", "department__name")

    @classmethod
    def source(cls):
        return Official.objects.filter(user__is_active=True).select_related("region", "department")

    @classmethod
    def describe(cls, obj) -> str:
        office = obj.department.name if obj.department_id else obj.region.name
        return describe_person(obj.name, office, Role.label(obj.role), obj.post)


class GridForm(ScopedModelForm):
    class Meta:
        model = Grid
        fields = ["region", "industry", "name", "enterprises", "note", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprises"].queryset = self.fields["enterprises"].queryset.select_related("region")
        self.fields["enterprises"].widget.attrs["size"] = 12


class GridSupervisorForm(ScopedModelForm):
    class Meta:
        model = GridSupervisor
        fields = [
            "name",
            "phone",
            "position",
            "level",
            "region",
            "village",
            "grids",
            "active_from",
            "active_to",
            "official",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "grids" in self.fields:
            self.fields["grids"].queryset = self.fields["grids"].queryset.select_related("region")
        official = self.fields.get("official")
        if official is not None and not self.instance.official_id and not official.queryset.exists():
            # An empty select says nothing; tell the township where logins are opened.
            official.help_text = "暂无可关联的督导员账号：保存后在督导员页面“开通登录账号”。"


@dataclass
class SupervisorImportLookup:
    """What every row of one supervisor import needs, fetched once for the user's jurisdiction."""

    regions: dict[int, Region] = field(default_factory=dict)
    villages: dict[int, Region] = field(default_factory=dict)
    grids: dict[int, dict[str, int]] = field(default_factory=dict)
    chiefs: dict[int, set[int]] = field(default_factory=dict)
    chiefs_in_file: set[int] = field(default_factory=set)
    phones: set[str] = field(default_factory=set)


class CachedChoiceField(forms.ModelChoiceField):
    """A model choice read from a dict of objects already fetched, instead of a query per row."""

    def __init__(self, queryset, **kwargs):
        super().__init__(queryset, **kwargs)
        self.objects: dict = {}

    def to_python(self, value):
        if not self.objects:
            return super().to_python(value)
        if value in self.empty_values:
            return None
        try:
            return self.objects[int(value)]
        except (KeyError, TypeError, ValueError):
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice") from None


class NamesField(forms.CharField):
    """Names separated by 、，; in a cell; the same names in another order are no change."""

    @staticmethod
    def names(text: str) -> list[str]:
        return [part.strip() for part in re.split(r"[、，,;；\s]+", text or "") if part.strip()]

    def has_changed(self, initial, data) -> bool:
        return set(self.names(initial)) != set(self.names(data))


class GridSupervisorImportForm(GridSupervisorForm):
    """One row of the supervisor workbook: grids by name within the row's township.

    The importer shares one ``lookup`` across rows, so 5,000 rows cost no
    per-row queries for their township, village, grids or chief.
    """

    region = CachedChoiceField(Region.objects.filter(level__in=TOWNSHIP_LEVELS), label="所在乡镇（街道）")
    village = CachedChoiceField(Region.objects.filter(level=RegionLevel.VILLAGE), label="所在村（居）", required=False)
    grid_names = NamesField(label="负责网格", required=False)

    class Meta(GridSupervisorForm.Meta):
        fields = ["name", "phone", "position", "level", "region", "village", "active_from", "active_to"]

    def __init__(self, *args, lookup: "SupervisorImportLookup | None" = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.lookup = lookup
        self.updating = self.instance.pk is not None
        if self.updating:
            self.initial["grid_names"] = "、".join(grid.label for grid in self.instance.grids.all())
        if lookup is not None:
            self.fields["region"].objects = lookup.regions
            self.fields["village"].objects = lookup.villages

    def _get_validation_exclusions(self):
        # Township and village came from the lookup, already limited to the
        # user's jurisdiction and the right level: no query per row to re-check.
        exclude = super()._get_validation_exclusions()
        return exclude | {"region", "village"} if self.lookup is not None else exclude

    def clean(self):
        cleaned = super().clean()
        region, names = cleaned.get("region"), cleaned.get("grid_names", "")
        self.grid_ids = []
        if region and names and self.lookup is not None:
            grids = self.lookup.grids.get(region.pk, {})
            for name in NamesField.names(names):
                if name not in grids:
                    self.add_error("grid_names", f"{region.name}没有名为“{name}”的网格。")
                else:
                    self.grid_ids.append(grids[name])
        return cleaned

    def validate_unique(self):
        # The phone is the only unique field of a new row: checked against the
        # numbers fetched once, not by a query per row (the constraint still holds).
        if self.lookup is None:
            return super().validate_unique()
        phone = self.cleaned_data.get("phone")
        if phone in self.lookup.phones and not (self.updating and phone == self.instance.phone):
            self.add_error("phone", f"手机号码“{phone}”已登记为网格督导员。")

    def _post_clean(self):
        if self.lookup is not None:
            region = self.cleaned_data.get("region")
            # A chief updated in this row does not count as the township's other chief.
            others = self.lookup.chiefs.get(region.pk, set()) - {self.instance.pk} if region is not None else set()
            self.instance.chief_pending = region is not None and (
                bool(others) or region.pk in self.lookup.chiefs_in_file
            )
        super()._post_clean()

    def save(self, commit=True):
        supervisor = super().save(commit)
        if commit and (self.grid_ids or self.updating):
            supervisor.grids.set(self.grid_ids)
        return supervisor


class SupervisionGuideForm(ScopedModelForm):
    class Meta:
        model = SupervisionGuide
        fields = ["region", "year", "number", "month", "title", "content", "attachment"]

    def clean_attachment(self):
        attachment = self.cleaned_data.get("attachment")
        if attachment and hasattr(attachment, "content_type"):  # a new upload, not the file already kept
            validate_attachment(attachment)
        return attachment

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        official = official_of(self.user)
        if self.instance.pk is None and official is not None:
            today = timezone.localdate()
            self.initial.setdefault("region", official.region_id)
            self.initial.setdefault("year", today.year)
            self.initial.setdefault("month", today.replace(day=1))
            self.initial.setdefault("number", next_guide_number(official.region, today.year))


class MultipleImageInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleImageField(forms.ImageField):
    """Several photos from one input; each must be a real image of at most 5 MB."""

    max_files = 6

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleImageInput(attrs={"accept": "image/jpeg,image/png,image/webp"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        uploads = data if isinstance(data, list | tuple) else [data] if data else []
        if len(uploads) > self.max_files:
            raise forms.ValidationError(f"照片最多上传{self.max_files}张。")
        cleaned = []
        for upload in uploads:
            image = super().clean(upload, initial)
            if image.size > 5 * 1024 * 1024:
                raise forms.ValidationError(f"照片“{image.name}”超过 5 MB，请压缩后上传。")
            cleaned.append(image)
        return cleaned


class SupervisionVisitForm(ScopedModelForm):
    """督导记录 on a phone: who and where are preset; the rest is a few taps."""

    items_checked = forms.MultipleChoiceField(
        label="督导内容", choices=CheckItem.choices, widget=forms.CheckboxSelectMultiple, required=True
    )
    findings = forms.CharField(
        label="发现问题",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "placeholder": "每行一条；未发现问题可不填"}),
    )
    photos = MultipleImageField(label="现场照片", required=False)

    field_order = [
        "supervisor",
        "enterprise",
        "visited_on",
        "items_checked",
        "prompt_list_delivered",
        "findings",
        "photos",
        "note",
    ]

    class Meta:
        model = SupervisionVisit
        fields = ["supervisor", "enterprise", "visited_on", "prompt_list_delivered", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}
        field_classes = {"supervisor": GridSupervisorField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["visited_on"].initial = timezone.localdate()
        self.fields["items_checked"].widget.attrs.pop("class", None)
        self.fields["enterprise"].queryset = self.fields["enterprise"].queryset.order_by("name")
        official = official_of(self.user)
        try:
            own = official.grid_supervisor if official is not None else None
        except ObjectDoesNotExist:
            own = None
        self.own_supervisor = own
        if own is not None:
            del self.fields["supervisor"]
        else:
            supervisors = self.fields["supervisor"].queryset.active().select_related("region", "village")
            self.fields["supervisor"].queryset = supervisors

    def clean(self):
        cleaned = super().clean()
        if self.own_supervisor is not None:
            cleaned["supervisor"] = self.own_supervisor
        return cleaned


class SupervisorAssessmentForm(ScopedModelForm):
    class Meta:
        model = SupervisorAssessment
        fields = ["supervisor", "year", "period", "score", "rating", "reward_penalty"]
        widgets = {"reward_penalty": forms.Textarea(attrs={"rows": 3})}
        field_classes = {"supervisor": GridSupervisorField}


class RuralHouseForm(ScopedModelForm):
    class Meta:
        model = RuralHouse
        fields = [
            "region",
            "village",
            "owner_name",
            "owner_phone",
            "address",
            "floors",
            "area",
            "stage",
            "applied_on",
            "approved_on",
            "started_on",
            "completed_on",
            "accepted_on",
            "craftsman",
            "chiefs",
        ]
        field_classes = {"craftsman": CraftsmanField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chiefs"].queryset = self.fields["chiefs"].queryset.select_related("region")


class SupervisorLoginForm(forms.Form):
    username = forms.CharField(label="登录用户名", max_length=150)
    password = forms.CharField(label="初始密码", widget=forms.PasswordInput, min_length=8)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self.fields)
