"""The model registry: one declaration gives a model its pages, URLs, API and export.

An app declares each model once in its ``views.py``::

    register(
        Craftsman,
        path="craftsmen",
        queryset=Craftsman.objects.select_related("region"),
        filterset=CraftsmanFilterSet,
        fields=["region", "name", "id_number", "phone", "trade", "certificate_no", "association_member"],
        columns=[Column("name", "姓名", link=True), ...],
        fieldsets=[("工匠", [...])],
        importer=CraftsmanImporter,
    )

and gets the list (with ``?export=xlsx``), detail, create, edit and import
pages at ``/<app>/<path>/…`` named ``<app>:<name>_list`` … (``name`` is the
model's name in snake case), the API viewset at ``/api/v1/<app>/<path>/``,
the background export through the same rows, and the model's
``get_absolute_url``. The form and the serializer default to ``fields``; the
importer's form defaults to the declared form. Bespoke pages subclass the
base views and are passed in ``views`` to take a generated page's place
(``views["api"]`` is the base of the viewset, for extra actions); ``only``
names the pages a model has when it has fewer (``only=("list",)``).

Every list, export and API of a registered model starts from one queryset:
``queryset`` (a QuerySet, or a function of the user for annotations that
depend on who asks), scoped by ``for_user``.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import import_module

from django.db.models import QuerySet
from django.forms import modelform_factory
from django.urls import path as url_path
from django.urls import reverse
from django.utils.module_loading import module_has_submodule
from rest_framework.routers import DefaultRouter

from .api import ScopedReadOnlyViewSet, ScopedSerializer, ScopedViewSet
from .discovery import app_modules
from .forms import ScopedModelForm
from .views import ObjectCreateView, ObjectDetailView, ObjectEditView, ObjectImportView, ObjectListView

PAGES = ("list", "detail", "create", "edit", "import")
BASES = {
    "list": ObjectListView,
    "detail": ObjectDetailView,
    "create": ObjectCreateView,
    "edit": ObjectEditView,
    "import": ObjectImportView,
}


def snake(name: str) -> str:
    """``FireStationStaff`` → ``fire_station_staff``: the one style of URL names."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


@dataclass
class Registration:
    """Everything the pages, URLs and API of one model are made from."""

    model: type
    path: str
    filterset: type
    fieldsets: list
    # The list's and the export's columns; an importable model's come from its importer, so they round-trip.
    columns: list = field(default_factory=list)
    fields: list[str] = field(default_factory=list)
    queryset: QuerySet | Callable | None = None
    api_queryset: QuerySet | Callable | None = None
    form: type | None = None
    serializer: type | None = None
    importer: type | None = None
    api_path: str | None = None
    name: str = ""
    read_only: bool = False
    only: tuple[str, ...] | None = None
    views: dict[str, type] = field(default_factory=dict)
    pages: dict[str, type] = field(default_factory=dict)
    viewset: type | None = None

    def __post_init__(self):
        if not self.columns and self.importer is not None:
            self.columns = self.importer.columns
        self.app_label = self.model._meta.app_label
        self.name = self.name or snake(self.model.__name__)
        if self.form is None and self.fields and not self.read_only:
            self.form = modelform_factory(self.model, form=ScopedModelForm, fields=self.fields)
        if self.serializer is None:
            meta = type("Meta", (), {"model": self.model, "fields": ["id", *self.fields]})
            self.serializer = type(f"{self.model.__name__}Serializer", (ScopedSerializer,), {"Meta": meta})
        if self.importer is not None and getattr(self.importer, "form_class", None) is None:
            self.importer.form_class = self.form

    def url_name(self, page: str) -> str:
        return f"{self.app_label}:{self.name}_{page}"

    def base_queryset(self, user, *, api: bool = False) -> QuerySet:
        """The rows before scoping, with the joins and annotations every list, export and API share.

        ``api_queryset``, where declared, adds what serializers need (prefetches).
        """
        declared = self.api_queryset if api and self.api_queryset is not None else self.queryset
        if isinstance(declared, QuerySet):
            return declared.all()
        if declared is not None:
            return declared(user)
        return self.model._default_manager.all()

    def offered_pages(self) -> list[str]:
        pages = ["list", "detail"]
        if not self.read_only:
            pages += ["create", "edit"]
        if self.importer is not None:
            pages.append("import")
        # ``only`` keeps a model to the pages it has (a visit is recorded, not edited).
        return [page for page in pages if self.only is None or page in self.only]

    def build(self) -> None:
        """Make the page classes and the viewset."""
        names = {page: self.url_name(page) for page in self.offered_pages()}
        common = {"model": self.model, "registration": self, "base_queryset": _base_queryset}
        attributes = {
            "list": {
                "filterset_class": self.filterset,
                "columns": self.columns,
                "create_url_name": names.get("create"),
                "import_url_name": names.get("import"),
            },
            "detail": {"fieldsets": self.fieldsets, "edit_url_name": names.get("edit")},
            "create": {"form_class": self.form, "list_url_name": names["list"]},
            "edit": {"form_class": self.form},
            "import": {"importer_class": self.importer, "success_url_name": names["list"]},
        }
        for page in self.offered_pages():
            base = self.views.get(page, BASES[page])
            self.pages[page] = type(f"{self.model.__name__}{page.title()}View", (base,), {**common, **attributes[page]})
        viewset_base = self.views.get("api", ScopedReadOnlyViewSet if self.read_only else ScopedViewSet)
        self.viewset = type(
            f"{self.model.__name__}ViewSet",
            (viewset_base,),
            {
                "queryset": self.model._default_manager.all(),
                "serializer_class": self.serializer,
                "filterset_class": self.filterset,
                "registration": self,
                "base_queryset": _api_base_queryset,
            },
        )
        if "get_absolute_url" not in self.model.__dict__ and "detail" in names:
            detail = names["detail"]
            self.model.get_absolute_url = lambda obj: reverse(detail, args=[obj.pk])

    def urls(self) -> list:
        prefix = f"{self.path}/" if self.path else ""
        routes = {
            "list": "",
            "create": "new/",
            "import": "import/",
            "detail": "<int:pk>/",
            "edit": "<int:pk>/edit/",
        }
        return [
            url_path(prefix + routes[page], view.as_view(), name=f"{self.name}_{page}")
            for page, view in self.pages.items()
        ]


def _base_queryset(view, user):
    return view.registration.base_queryset(user)


def _api_base_queryset(viewset, user):
    return viewset.registration.base_queryset(user, api=True)


_registry: dict[str, list[Registration]] = {}


def register(model, **declaration) -> Registration:
    """Declare ``model``'s pages, API and export; see the module's docstring."""
    registration = Registration(model=model, **declaration)
    registration.build()
    registrations = _registry.setdefault(registration.app_label, [])
    registrations[:] = [r for r in registrations if r.model is not model] + [registration]
    return registration


def registrations(app_label: str | None = None) -> list[Registration]:
    """The registered models of one app, or of every app; an app declares them in its ``views`` module."""
    if app_label is None:
        app_modules("views")
        return [registration for app in _registry.values() for registration in app]
    if module_has_submodule(import_module(app_label), "views"):
        import_module(f"{app_label}.views")
    return list(_registry.get(app_label, []))


def urlpatterns(app_label: str) -> list:
    """The pages of every registered model of the app, for its ``urls.py``."""
    return [pattern for registration in registrations(app_label) for pattern in registration.urls()]


def router(app_label: str) -> DefaultRouter:
    """A router with every registered model's viewset, for the app's ``api/urls.py`` to add bespoke ones to."""
    api = DefaultRouter()
    for registration in registrations(app_label):
        api.register(registration.api_path or registration.path, registration.viewset)
    return api


def registration_of(model) -> Registration | None:
    return next((r for r in registrations(model._meta.app_label) if r.model is model), None)
