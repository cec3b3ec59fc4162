"""Choosing a unit, a risk point or a person by typing, for jurisdictions with thousands of them.

A select listing every enterprise of a city grows with the data; instead the
form shows a text box whose datalist htmx fills with up to 20 matches in the
user's jurisdiction. The box submits "名称（#id）"; a credit code or a bare id
(the Excel importer's) is accepted too.

An app declares a field per kind (``EnterpriseField`` in grid) with its
``source`` queryset, ``search_fields`` and, for people, ``describe`` (name,
township and a masked ID tail, so two 吴国平 are told apart); declaring it
registers the kind for the one lookup endpoint, which answers only rows in the
user's jurisdiction.
"""

import re

from django import forms
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from .scoping import VIEW

TRAILING_ID = re.compile(r"（#(\d+)）\s*$")
LIMIT = 20


def label_of(obj, describe=str) -> str:
    return f"{describe(obj)}（#{obj.pk}）"


class LookupWidget(forms.TextInput):
    def __init__(self, kind: str, attrs=None, placeholder: str = "输入名称或代码，从提示中选择"):
        super().__init__(attrs)
        self.kind = kind
        self.placeholder = placeholder

    def render(self, name, value, attrs=None, renderer=None):
        attrs = dict(attrs or {})
        options = f"{attrs.get('id', 'id_' + name)}-options"
        attrs.update(
            {
                "list": options,
                "autocomplete": "off",
                "placeholder": self.placeholder,
                "hx-get": reverse("lookup", args=[self.kind]),
                "hx-trigger": "input changed delay:300ms",
                "hx-target": f"#{options}",
            }
        )
        return format_html('{}<datalist id="{}"></datalist>', super().render(name, value, attrs, renderer), options)


class LookupField(forms.ModelChoiceField):
    """A model choice typed ahead; subclasses set ``kind``, ``search_fields`` and ``source()``."""

    kind = ""
    placeholder = "输入名称或代码，从提示中选择"
    code_field: str | None = None
    search_fields: tuple[str, ...] = ("name",)
    kinds: dict[str, type["LookupField"]] = {}

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if cls.kind:
            LookupField.kinds[cls.kind] = cls

    @classmethod
    def source(cls):
        """Every row the box may offer, before the user's jurisdiction is applied."""
        raise NotImplementedError

    @classmethod
    def describe(cls, obj) -> str:
        """How a row is offered: enough to tell two of the same name apart (a person's township, ID tail)."""
        return str(obj)

    @classmethod
    def matching(cls, text: str) -> Q:
        """The rows a typed text names: those with ``text`` in any of the ``search_fields``."""
        condition = Q()
        for field in cls.search_fields:
            condition |= Q(**{f"{field}__icontains": text})
        return condition

    def label_from_instance(self, obj) -> str:
        return self.describe(obj)

    def __init__(self, *args, **kwargs):
        kwargs["widget"] = LookupWidget(self.kind, placeholder=self.placeholder)
        super().__init__(*args, **kwargs)

    def prepare_value(self, value):
        if hasattr(value, "_meta"):
            return label_of(value, self.describe)
        if value in self.empty_values:
            return ""
        if isinstance(value, str) and not value.isdigit():
            return value  # what the user typed, shown again with its error
        obj = self.queryset.filter(pk=value).first()
        return label_of(obj, self.describe) if obj is not None else value

    def has_changed(self, initial, data):
        """Compare the chosen rows, not the label shown for the initial one with the id sent back."""
        if self.disabled:
            return False
        try:
            chosen = self.to_python(data)
        except forms.ValidationError:
            return True
        return str(getattr(initial, "pk", initial) or "") != str(getattr(chosen, "pk", "") or "")

    def to_python(self, value):
        if value in self.empty_values:
            return None
        text = str(value).strip()
        match = TRAILING_ID.search(text)
        if match:
            return super().to_python(match.group(1))
        if text.isdigit():
            return super().to_python(text)
        if self.code_field:
            obj = self.queryset.filter(**{self.code_field: text.upper()}).first()
            if obj is not None:
                return obj
        raise forms.ValidationError(f"请从提示中选择{self.label}（输入名称的一部分即可）。", code="invalid_choice")


@login_required
def lookup(request, kind: str):
    """Up to 20 ``<option>`` matches in the user's jurisdiction for a lookup box."""
    field_class = LookupField.kinds.get(kind)
    if field_class is None:
        raise Http404
    text = TRAILING_ID.sub("", next((v for v in request.GET.values() if v), "")).strip()
    if not text:
        return HttpResponse("")
    rows = field_class.source().for_user(request.user, VIEW).filter(field_class.matching(text))[:LIMIT]
    return HttpResponse(
        format_html_join("", '<option value="{}"></option>', ((label_of(obj, field_class.describe),) for obj in rows))
    )
