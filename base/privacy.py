"""Personal data by role: resident ID numbers and phones, masked for whoever does not need them.

A scoped model's personal fields are found by their kind — a ``ResidentIdField``
is ``PRIVATE``, a field validated as a phone is ``CONTACT`` — and a model may
declare others in ``personal_fields`` (a tip-off reporter's phone is PRIVATE).

- ``CONTACT`` (phones): in full to those who may change such rows (they call
  the person) and to a grid supervisor on the rows of his own grids; masked
  for read-only roles (leaders) and for a grid supervisor beyond his grids.
- ``PRIVATE`` (ID numbers, a reporter's identity): in full only to the office
  that keeps the row (the township for its craftsmen, the county for county
  rows, the organiser for a class's attendance — a model's ``scope_keeper``)
  and to administrators; masked for the levels above. Each time a full
  value is shown — on a page, through the API or in an export — it is recorded
  in ``PersonalDataAccess``.

Lists and exports (``Column``), detail pages (``field_value``) and the API
(``ScopedSerializer``) all ask ``Viewer.show``; nothing masks by hand.
"""

from functools import cached_property

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist

from .choices import Role
from .fields import ResidentIdField
from .models import PersonalDataAccess
from .scoping import official_of
from .validators import validate_phone

PRIVATE = "private"
CONTACT = "contact"


def mask(value: str) -> str:
    """Keep the first and last few characters: 3504**********1234, 138****0003."""
    text = str(value or "")
    if len(text) <= 4:
        return "*" * len(text)
    head = 4 if len(text) >= 15 else 3
    return text[:head] + "*" * (len(text) - head - 4) + text[-4:]


def personal_kind(model, name: str) -> str | None:
    """PRIVATE, CONTACT or None for field ``name`` of ``model``."""
    declared = getattr(model, "personal_fields", {})
    if name in declared:
        return declared[name]
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    if isinstance(field, ResidentIdField):
        return PRIVATE
    if validate_phone in getattr(field, "validators", ()):
        return CONTACT
    return None


def _row_region_id(obj):
    """The id of the Region that keeps ``obj`` (its ``scope_keeper`` or ``scope_region`` lookup)."""
    model = type(obj)
    lookup = getattr(model, "scope_keeper", None) or getattr(model, "scope_region", None)
    if lookup is None:
        return None
    if lookup == "":
        return obj.pk
    *path, last = lookup.split("__")
    target = obj
    for part in path:
        target = getattr(target, part, None)
        if target is None:
            return None
    return getattr(target, f"{last}_id", None)


class Viewer:
    """Who is looking, and through which channel ("page", "api", "export"), for masking and the access record.

    The full private values shown are recorded by ``record()`` once the response is done, or at
    once with ``eager`` (a page whose view does not call ``record``).
    """

    def __init__(self, user, channel: str, *, eager: bool = False):
        self.user = user
        self.channel = channel
        self.eager = eager
        self.official = official_of(user)
        self.seen: dict = {}

    @cached_property
    def is_admin(self) -> bool:
        return getattr(self.user, "is_superuser", False) or (
            self.official is not None and self.official.role == Role.ADMIN
        )

    def may_see(self, obj, name: str) -> bool:
        """Whether field ``name`` of ``obj`` is shown in full to this viewer."""
        kind = personal_kind(type(obj), name)
        if kind is None or self.is_admin:
            return True
        official, model = self.official, type(obj)
        if official is None:
            return False
        if kind == PRIVATE:
            return official.role in model.scope_writers and _row_region_id(obj) == official.region_id
        if official.role == Role.GRID_SUPERVISOR:
            return getattr(model, "scope_supervisor", None) is not None
        return model.may_change(self.user)

    def show(self, obj, name: str, value):
        """``value`` of field ``name`` as this viewer may see it; a full PRIVATE value is recorded."""
        if value in (None, "") or personal_kind(type(obj), name) is None:
            return value
        if not self.may_see(obj, name):
            return mask(value)
        if personal_kind(type(obj), name) == PRIVATE and not self.is_admin:
            self.seen[(type(obj), obj.pk, name)] = obj
            if self.eager:
                self.record()
        return value

    def record(self) -> None:
        """Write one access record per full PRIVATE value shown since the last call."""
        if not self.seen or not getattr(self.user, "is_authenticated", False):
            return
        types = ContentType.objects.get_for_models(*{model for model, _, _ in self.seen})
        PersonalDataAccess.objects.bulk_create(
            PersonalDataAccess(
                user=self.user, content_type=types[model], object_id=pk, field=name, channel=self.channel
            )
            for model, pk, name in self.seen
        )
        self.seen = {}
