"""The project's model forms build their record as Django's would, from fields found once per form class."""

from decimal import Decimal

import pytest
from django import forms
from django.forms.models import construct_instance as django_construct_instance

from base.forms import ScopedModelForm
from hazards.models import Hazard


class FundsForm(ScopedModelForm):
    # Form fields named as the record's, which the form does not set on it: one not among its fields, one excluded.
    address = forms.CharField(required=False)
    finder = forms.CharField(required=False)

    class Meta:
        model = Hazard
        fields = ["title", "funds", "measures_in_place", "finder"]
        exclude = ["finder"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["funds"].required = False


def stored() -> Hazard:
    return Hazard(title="原名称", address="原地点", finder="原发现人", funds=Decimal(5), measures_in_place=True)


@pytest.mark.parametrize(
    "data",
    [
        {"title": "新名称"},
        {"title": "新名称", "funds": "3"},
        {"title": "新名称", "funds": ""},
        {"title": "新名称", "measures_in_place": "on"},
        {"title": "新名称", "address": "新地点", "finder": "新发现人"},
        {},
    ],
)
def test_a_form_sets_on_its_record_what_djangos_construct_instance_sets(cast, data):
    form = FundsForm(data=data, instance=stored(), user=cast.user_a)
    form.is_valid()
    expected = django_construct_instance(form, stored(), form._meta.fields, form._meta.exclude)
    for name in ("title", "address", "finder", "funds", "measures_in_place"):
        assert getattr(form.instance, name) == getattr(expected, name), name


def test_a_default_the_data_leaves_out_is_kept_and_a_field_not_of_the_record_is_untouched(cast):
    form = FundsForm(
        data={"title": "新名称", "address": "新地点", "finder": "新发现人"}, instance=stored(), user=cast.user_a
    )
    form.is_valid()
    # The amount was not sent: it keeps its value. A checkbox not sent is unticked. The place and the
    # finder are the form's own fields, not the record's.
    record = form.instance
    assert (record.title, record.funds, record.measures_in_place) == ("新名称", Decimal(5), False)
    assert (record.address, record.finder) == ("原地点", "原发现人")
