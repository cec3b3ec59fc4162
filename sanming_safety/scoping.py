"""Jurisdiction scoping: the one mechanism that decides which rows a user sees.

A scoped model names the lookup to its Region (``scope_region``) and, where
rows belong to an industry regulator, to its Department
(``scope_department``). ``Model.objects.for_user(user, action)`` keeps the
rows inside the user's region subtree, narrowed to their department's kind
when they belong to one. Base views, viewsets, forms and the Excel importer
all go through it; nothing filters by jurisdiction by hand.
"""

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q

VIEW = "view"
CHANGE = "change"

ADMIN = "admin"
CITY_COMMITTEE = "city_committee"
COUNTY_COMMITTEE = "county_committee"
DEPARTMENT = "department"
TOWNSHIP = "township"
LEADER = "leader"
GRID_SUPERVISOR = "grid_supervisor"

# Roles that may create and change records inside their jurisdiction.
WRITER_ROLES = frozenset({ADMIN, CITY_COMMITTEE, COUNTY_COMMITTEE, DEPARTMENT, TOWNSHIP})


class OutOfJurisdiction(PermissionDenied):
    """A write would leave the record outside its author's jurisdiction."""

    message = "该记录不在您的管辖范围内，未保存。"

    def __init__(self, message: str | None = None):
        super().__init__(message or self.message)


def official_of(user):
    """The user's Official with region and department, cached on the user object."""
    if not getattr(user, "is_authenticated", False):
        return None
    if not hasattr(user, "_scope_official"):
        Official = apps.get_model("grid", "Official")
        user._scope_official = Official.objects.select_related("region", "department").filter(user_id=user.pk).first()
    return user._scope_official


def join(prefix: str, lookup: str) -> str:
    return f"{prefix}__{lookup}" if prefix else lookup


class ScopedQuerySet(models.QuerySet):
    def for_user(self, user, action: str = VIEW):
        """Rows of this queryset inside ``user``'s jurisdiction for ``action``."""
        if getattr(user, "is_superuser", False):
            return self
        official = official_of(user)
        if official is None:
            return self.none()
        condition = self.model.scope_q(official, action)
        return self.none() if condition is None else self.filter(condition)

    restrict = for_user


class ScopedManager(models.Manager.from_queryset(ScopedQuerySet)):
    pass


class ScopedModel(models.Model):
    """Abstract base of every jurisdiction-bound model."""

    scope_region = "region"
    scope_department: str | None = None
    scope_writers = WRITER_ROLES

    objects = ScopedManager()

    class Meta:
        abstract = True

    def clean_related(self, related: dict) -> None:
        """Rules on many-to-many choices, which are not on the instance until after it is saved.

        ``related`` maps a field name to the chosen objects; raise a
        ``ValidationError`` keyed by field. Forms and serializers both call it.
        """

    @classmethod
    def scope_q(cls, official, action: str) -> Q | None:
        """The condition for ``official``; None means no rows at all."""
        if official.role == ADMIN:
            return Q()
        if action != VIEW and official.role not in cls.scope_writers:
            return None
        condition = Q(**{join(cls.scope_region, "path__startswith"): official.region.path})
        if cls.scope_department and official.department_id:
            condition &= Q(**{join(cls.scope_department, "kind"): official.department.kind})
        return condition


def ensure_in_scope(obj, user, action: str = CHANGE) -> None:
    """Raise OutOfJurisdiction unless ``user`` may still ``action`` the saved ``obj``.

    Called inside the write's transaction, so raising undoes the write.
    """
    if not type(obj)._default_manager.for_user(user, action).filter(pk=obj.pk).exists():
        raise OutOfJurisdiction()


def ensure_all_in_scope(objects: list, user, action: str = CHANGE) -> None:
    """``ensure_in_scope`` for many saved rows of one model, in one query."""
    if not objects:
        return
    model = type(objects[0])
    visible = model._default_manager.for_user(user, action).filter(pk__in=[obj.pk for obj in objects]).count()
    if visible != len(objects):
        raise OutOfJurisdiction()


def restrict_choices(fields, user) -> None:
    """Limit every model-choice field whose model is scoped to ``user``'s jurisdiction."""
    for field in fields.values():
        # A many-to-many API field keeps its queryset on ``child_relation``.
        target = getattr(field, "child_relation", field)
        queryset = getattr(target, "queryset", None)
        if queryset is not None and hasattr(queryset, "for_user"):
            target.queryset = queryset.for_user(user, VIEW)
