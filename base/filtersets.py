import django_filters
from django import forms
from django.db.models import Q, Subquery
from django.forms import NullBooleanSelect
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from .forms import BIGINT_MAX, bound_model_choices, date_widgets, style_fields
from .scoping import VIEW


class BaseFilterSet(django_filters.FilterSet):
    """Free-text ``q`` over ``search_fields``; related choices limited to the user's jurisdiction."""

    search_fields: tuple[str, ...] = ()
    q = django_filters.CharFilter(method="search", label="搜索")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = getattr(self.request, "user", None)
        for filter_ in self.filters.values():
            queryset = getattr(filter_, "queryset", None)
            if user is not None and hasattr(queryset, "for_user"):
                filter_.queryset = queryset.for_user(user, VIEW)

    @property
    def form(self):
        form = super().form
        date_widgets(form.fields)
        style_fields(form.fields)
        bound_model_choices(form.fields)
        for form_field in form.fields.values():
            if isinstance(form_field.widget, NullBooleanSelect):
                # Unset means "no filter", not "unknown".
                form_field.widget.choices = [("", "全部"), ("true", "是"), ("false", "否")]
        return form

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        condition = Q()
        for field in self.search_fields:
            condition |= Q(**{f"{field}__icontains": value})
        return queryset.filter(condition)


class OrderingFilter(django_filters.OrderingFilter):
    """A sort menu in Chinese: 名称（升序）, 名称（降序）, not django-filter's "名称 (descending)"."""

    descending_fmt = "%s（降序）"

    def build_choices(self, fields, labels):
        return [
            (param, f"{label}（升序）" if not param.startswith("-") else label)
            for param, label in super().build_choices(fields, labels)
        ]


@extend_schema_field(OpenApiTypes.INT)
class LookupFilter(django_filters.ModelChoiceFilter):
    """A row typed ahead (``base.lookups``), not a select listing every supervisor or craftsman of a city.

    ``lookup`` is the kind's ``LookupField``; its ``source()`` gives the choices, which the filter set
    limits to the user's jurisdiction as any other. The API takes the bare id as before.
    """

    def __init__(self, lookup, **kwargs):
        kwargs.setdefault("queryset", lookup.source())
        super().__init__(**kwargs)
        self.field_class = lookup


class ChoiceListFilter(django_filters.ChoiceFilter):
    """Rows whose list of choices (``choice_list_field``) includes the chosen one, on every database."""

    def filter(self, queryset, value):
        return queryset.filter(**{f"{self.field_name}__includes": value}) if value else queryset


@extend_schema_field(OpenApiTypes.INT)
class IdFilter(django_filters.NumberFilter):
    """Rows related to the row with this bare id. An id beyond the database's range matches nothing, as on
    PostgreSQL, instead of a 500: SQLite cannot even bind it (OverflowError)."""

    def filter(self, queryset, value):
        if value is not None and abs(value) > BIGINT_MAX:
            return queryset.none()
        return super().filter(queryset, value)


@extend_schema_field(OpenApiTypes.INT)
class InRegionFilter(django_filters.ModelChoiceFilter):
    """Rows anywhere in the chosen region's subtree (a county's townships and villages)."""

    def __init__(self, *args, region_lookup: str = "region", **kwargs):
        super().__init__(*args, **kwargs)
        self.region_lookup = region_lookup

    def filter(self, queryset, value):
        if not value:
            return queryset
        return queryset.filter(**{f"{self.region_lookup}__path__startswith": value.path})


@extend_schema_field(OpenApiTypes.INT)
class WithinFilter(django_filters.NumberFilter):
    """Rows anywhere in the subtree of the region with this id, whatever its level: the dashboard's drill-down
    link (city, county or township). Hidden on the page; the list's own scoping still applies."""

    def __init__(self, *args, region_lookup: str = "region", **kwargs):
        kwargs.setdefault("label", "区域（含下级）")
        kwargs.setdefault("widget", forms.HiddenInput)
        super().__init__(*args, **kwargs)
        self.region_lookup = region_lookup

    def filter(self, queryset, value):
        if value in (None, ""):
            return queryset
        region_model = queryset.model
        for name in self.region_lookup.split("__"):
            region_model = region_model._meta.get_field(name).related_model
        path = region_model.objects.filter(pk=value).values("path")
        return queryset.filter(**{f"{self.region_lookup}__path__startswith": Subquery(path[:1])})
