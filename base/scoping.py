"""Jurisdiction scoping: the one mechanism that decides which rows a user sees and changes.

A scoped model declares its rules as class attributes; no model writes a
``scope_q`` of its own:

- ``scope_region``: the lookup to the row's Region ("" when the row is one).
  Every official sees the rows of their region's subtree.
- ``scope_county``: the lookup to a county the row stores (kept right by the
  model), read for a county's officials instead of walking the region tree.
- ``scope_department``: the lookup to the Department the row belongs to; a
  department official sees only the rows of their department's kind.
- ``scope_supervisor``: the lookup to the grid supervisor(s) who answer for
  the row ("" when the row is one); a grid supervisor sees only those rows.
- ``scope_from_above``: rows of the regions above the user's that they may
  read too (a city guide read by a township), as a condition on those rows.
- ``scope_writers``: the roles that may create and change rows.
- ``scope_keeper``: the lookup to the Region of the office that keeps the
  row when that is not ``scope_region``'s (a class's attendance is kept by
  the class's organiser, while the attendee's township reads it). Officials
  over it see and change the row; officials over ``scope_region`` only read
  it; personal data on it is shown in full to the keeper only.

Personal data on a row is masked by role through ``base.privacy``; a model
declares fields beyond ID numbers and phones in ``personal_fields``.

``Model.objects.for_user(user, action)`` applies them. Base views, viewsets,
forms, filters, the Excel importer and the notice recipients all go through
it, and ``may_change`` / ``may_change_row`` answer "may this user edit" for
pages, the API and templates alike.
"""

from django.apps import apps
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q

from .choices import WRITER_ROLES, Role

VIEW = "view"
CHANGE = "change"
# The level of a county (grid.choices.RegionLevel.COUNTY; base names no app).
COUNTY = "county"


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
        Official = apps.get_model(settings.OFFICIAL_MODEL)
        user._scope_official = Official.objects.select_related("region", "department").filter(user_id=user.pk).first()
    return user._scope_official


def join(prefix: str, lookup: str) -> str:
    return f"{prefix}__{lookup}" if prefix else lookup


def _multivalued(model, lookup: str) -> bool:
    """Whether following ``lookup`` from ``model`` may reach several rows (a join would repeat rows)."""
    for name in filter(None, lookup.split("__")):
        field = model._meta.get_field(name)
        if field.many_to_many or field.one_to_many:
            return True
        model = field.related_model
    return False


def _never_null(model, lookup: str) -> bool:
    """Whether every row of ``model`` reaches a row at ``lookup`` (non-null foreign keys all the way)."""
    for name in filter(None, lookup.split("__")):
        field = model._meta.get_field(name)
        if not field.many_to_one or field.null:
            return False
        model = field.related_model
    return True


def _either(a: Q, b: Q) -> Q:
    """``a | b`` where an empty Q means every row (Django's ``Q() | b`` would give ``b`` alone)."""
    return Q() if not a or not b else a | b


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


class ScopedManager(models.Manager.from_queryset(ScopedQuerySet)):
    pass


class ScopedModel(models.Model):
    """Abstract base of every jurisdiction-bound model; subclasses declare their scope rules."""

    scope_region = "region"
    scope_county: str | None = None
    scope_department: str | None = None
    scope_supervisor: str | None = None
    scope_from_above: Q | None = None
    scope_writers = WRITER_ROLES
    scope_keeper: str | None = None
    personal_fields: dict[str, str] = {}

    objects = ScopedManager()

    class Meta:
        abstract = True

    def clean_related(self, related: dict) -> None:
        """Rules on many-to-many choices, which are not on the instance until after it is saved.

        ``related`` maps a field name to the chosen objects; raise a
        ``ValidationError`` keyed by field. Forms and serializers both call it.
        """

    def edit_refusal(self) -> str:
        """Why this row's edit page is closed now ("" when it is open); a closed hazard's record is final."""
        return ""

    @classmethod
    def scope_q(cls, official, action: str) -> Q | None:
        """The declared rules as one condition for ``official``; None means no rows at all."""
        if official.role == Role.ADMIN:
            return Q()
        if action != VIEW and official.role not in cls.scope_writers:
            return None
        condition = cls._within(official, cls.scope_region, stored_county=cls.scope_county)
        if cls.scope_keeper is not None:
            kept = cls._within(official, cls.scope_keeper)
            condition = _either(condition, kept) if action == VIEW else kept
        if cls.scope_department is not None and official.department_id:
            condition &= Q(**{join(cls.scope_department, "kind"): official.department.kind})
        if cls.scope_supervisor is not None and official.role == Role.GRID_SUPERVISOR:
            lookup = {join(cls.scope_supervisor, "official"): official}
            if _multivalued(cls, cls.scope_supervisor):
                condition &= Q(pk__in=cls._base_manager.filter(**lookup).values("pk"))
            else:
                condition &= Q(**lookup)
        if cls.scope_from_above is not None and action == VIEW and official.region.parent_id is not None:
            above = Q(**{join(cls.scope_region, "code__in"): official.region.ancestor_codes[:-1]})
            condition = _either(condition, above & cls.scope_from_above)
        return condition

    @classmethod
    def _within(cls, official, lookup: str, *, stored_county: str | None = None) -> Q:
        """Rows whose region at ``lookup`` lies in the official's subtree.

        At the top of the tree that is every row whose path to a region cannot
        be null: no condition, so the city's lists count their own table instead
        of joining every row to the region tree (and, for an assignment, to its hazard).
        A county's rows are those storing it, where the model stores one (an indexed column).
        """
        if official.region.parent_id is None and _never_null(cls, lookup):
            return Q()
        if stored_county is not None and official.region.level == COUNTY:
            return Q(**{stored_county: official.region})
        return Q(**{join(lookup, "path__startswith"): official.region.path})

    @classmethod
    def may_change(cls, user) -> bool:
        """Whether ``user``'s role may create or change rows of this model somewhere in their jurisdiction."""
        if getattr(user, "is_superuser", False):
            return True
        official = official_of(user)
        return official is not None and cls.scope_q(official, CHANGE) is not None

    @classmethod
    def may_change_row(cls, user, obj) -> bool:
        """Whether ``user`` may change this very row (a county reads a city guide but may not edit it)."""
        return cls.may_change(user) and cls._default_manager.for_user(user, CHANGE).filter(pk=obj.pk).exists()

    @classmethod
    def may_view_row(cls, user, obj) -> bool:
        """Whether ``obj``'s page opens for ``user``.

        A row that is itself a region is decided from its path, without a query:
        detail pages link many regions.
        """
        if cls.scope_region == "" and cls.scope_from_above is None and getattr(obj, "path", None):
            if getattr(user, "is_superuser", False):
                return True
            official = official_of(user)
            return official is not None and (official.role == Role.ADMIN or obj.path.startswith(official.region.path))
        return cls._default_manager.for_user(user, VIEW).filter(pk=obj.pk).exists()


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
