"""Change history of a record, as the detail pages show it: who, when, what changed."""

import datetime
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

ACTIONS = {"+": "新建", "~": "修改", "-": "删除"}


class History(HistoricalRecords):
    """A model's change history, indexed only as it is read: by the record it belongs to.

    History is read one record at a time (its detail page, :func:`history_entries`), never searched by a
    past value, so the copies of the model's own indexes (each foreign key, each indexed choice and its
    ``_like`` twin) would only slow every write: a hazard's history row went into 18 indexes, now 3. The user
    who made a change stays indexed (deleting a user nulls their records); the date index is off in
    settings (``SIMPLE_HISTORY_DATE_INDEX``).
    """

    def copy_fields(self, model):
        fields = super().copy_fields(model)
        for name, field in fields.items():
            if name != model._meta.pk.name:
                field.db_index = False
        return fields


@dataclass
class Change:
    field: str
    old: str
    new: str


@dataclass
class Entry:
    when: object
    who: str
    action: str
    reason: str
    changes: list[Change]


def plain(value) -> str:
    """A value as an official reads it: local time to the minute, 是/否, no trailing noise."""
    if value is None or value == "":
        return "—"
    if isinstance(value, datetime.datetime):
        return f"{timezone.localtime(value):%Y-%m-%d %H:%M}" if timezone.is_aware(value) else f"{value:%Y-%m-%d %H:%M}"
    if isinstance(value, datetime.date):
        return f"{value:%Y-%m-%d}"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        return "、".join(str(item) for item in value) or "—"
    return str(value)


def person(user) -> str:
    """Who did something, as colleagues know them: the official's name, else the login."""
    if user is None:
        return "系统"
    official = getattr(user, "official", None)
    return official.name if official is not None else user.get_username()


def signature(user) -> str:
    """Who did something and from which office (郑华 · 列东街道): a record is signed, not just initialled.

    Load the user with ``official__region`` and ``official__department`` to keep it one query.
    """
    official = getattr(user, "official", None) if user is not None else None
    if official is None:
        return person(user)
    office = official.department.name if official.department_id else official.region.name
    return f"{official.name} · {office}"


def _display(model_field, value, related: dict) -> str:
    if value is None or value == "":
        return "—"
    if model_field.is_relation:
        item = related.get((model_field.related_model, value), value)
        return person(item) if isinstance(item, AbstractBaseUser) else str(item)
    choice_set = getattr(model_field, "choice_set", None)
    if choice_set is not None and isinstance(value, list):
        return "、".join(choice_set.label(item) for item in value) or "—"
    if choice_set is not None:
        return choice_set.label(value)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    return plain(value)


def _m2m_snapshots(records: list, obj: models.Model) -> dict:
    """For each many-to-many field kept in history, the related ids each record saw: {field: {history_id: set}}."""
    snapshots = {}
    for field in getattr(obj.history.model, "_history_m2m_fields", ()):
        through = getattr(obj.history.model, field.name).model
        target = field.m2m_reverse_field_name()
        seen: dict = {record.history_id: set() for record in records}
        rows = through.objects.filter(history_id__in=seen).values_list("history_id", f"{target}_id")
        for history_id, related_id in rows:
            seen[history_id].add(related_id)
        snapshots[field] = seen
    return snapshots


def history_entries(obj: models.Model, limit: int = 30, *, viewer=None) -> list[Entry]:
    """The newest ``limit`` history entries of ``obj`` with field-by-field changes.

    Many-to-many fields kept in history (a house's 房长) show who was added and removed.
    A save that changed nothing and gave no reason is left out: it says nothing.
    Queries are bounded: one for the records, one per many-to-many field, one per related model named in them.
    A ``viewer`` (base.privacy) masks personal data in old and new values alike.
    """

    def shown(model_field, value) -> str:
        text = _display(model_field, value, related)
        if viewer is None or value in (None, ""):
            return text
        return viewer.show(obj, model_field.name, text)

    records = list(
        obj.history.select_related("history_user__official__region", "history_user__official__department").order_by(
            "-history_date", "-history_id"
        )[: limit + 1]
    )
    model = type(obj)
    tracked = [
        f
        for f in obj.history.model._meta.fields
        if f.attname in {mf.attname for mf in model._meta.fields if not mf.primary_key}
    ]
    pairs = [(record, records[i + 1] if i + 1 < len(records) else None) for i, record in enumerate(records[:limit])]
    snapshots = _m2m_snapshots(records, obj)

    diffs = []
    wanted: dict = {}
    for new, old in pairs:
        changed = []
        for history_field in tracked:
            model_field = model._meta.get_field(history_field.name)
            new_value = getattr(new, history_field.attname)
            old_value = getattr(old, history_field.attname) if old is not None else None
            if old is not None and new_value == old_value:
                continue
            if old is None and new_value in (None, "", False, []):
                continue
            changed.append((model_field, old_value, new_value))
            if model_field.is_relation:
                wanted.setdefault(model_field.related_model, set()).update(v for v in (old_value, new_value) if v)
        m2m_changed = []
        for field, seen in snapshots.items():
            now = seen[new.history_id]
            before = seen[old.history_id] if old is not None else set()
            if now != before:
                m2m_changed.append((field, before - now, now - before))
                wanted.setdefault(field.related_model, set()).update(now ^ before)
        diffs.append((changed, m2m_changed))

    related = {}
    for related_model, pks in wanted.items():
        items = related_model._base_manager.filter(pk__in=pks)
        if issubclass(related_model, AbstractBaseUser) and hasattr(related_model, "official"):
            items = items.select_related("official")
        for item in items:
            related[(related_model, item.pk)] = item

    def names(field, pks) -> str:
        return "、".join(sorted(str(related.get((field.related_model, pk), pk)) for pk in pks))

    entries = []
    for (new, _old), (changed, m2m_changed) in zip(pairs, diffs, strict=True):
        changes = [
            Change(str(f.verbose_name), shown(f, old) if _old else "", shown(f, new_value))
            for f, old, new_value in changed
        ]
        for field, removed, added in m2m_changed:
            parts = [f"增加 {names(field, added)}"] if added else []
            parts += [f"移除 {names(field, removed)}"] if removed else []
            changes.append(Change(str(field.verbose_name), "", "；".join(parts)))
        reason = new.history_change_reason or ""
        if new.history_type == "~" and not changes and not reason:
            continue
        entries.append(
            Entry(
                when=new.history_date,
                who=signature(new.history_user),
                action=ACTIONS.get(new.history_type, new.history_type),
                reason=reason,
                changes=changes,
            )
        )
    return entries
