"""History is indexed as it is read (base.history.History); many fields are altered in one step (AlterFields)."""

import pytest
from django.apps import apps
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from hazards.models import Hazard

pytestmark = pytest.mark.django_db


def indexed_columns(table: str) -> set[tuple[str, ...]]:
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
    return {tuple(c["columns"]) for c in constraints.values() if c["index"] or c["primary_key"] or c["unique"]}


def test_every_history_table_is_indexed_only_by_its_record_and_its_user():
    histories = [
        getattr(model, model._meta.simple_history_manager_attribute).model
        for model in apps.get_models()
        if hasattr(model._meta, "simple_history_manager_attribute")
    ]
    assert len(histories) > 40
    for model in histories:
        # Its own key, the record it belongs to, and who made the change: no copy of the record's indexes.
        assert indexed_columns(model._meta.db_table) == {("history_id",), ("id",), ("history_user_id",)}, model


def test_a_hazard_is_indexed_once_for_each_way_it_is_read():
    columns = indexed_columns(Hazard._meta.db_table)
    # The township, the grade and the status are read through the composite indexes that lead with them
    # (the township's holding its county and key besides, where the database includes columns: PostgreSQL).
    township = ("region_id", "status")
    if connection.features.supports_covering_indexes:
        township += ("county_id", "id")
    assert township in columns and ("region_id",) not in columns
    assert ("grade", "deadline", "id") in columns and ("grade",) not in columns
    assert ("status", "deadline") in columns and ("status",) not in columns
    assert ("industry",) in columns
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = %s", [Hazard._meta.db_table])
            assert not [name for (name,) in cursor if name.endswith("_like")]


def test_altering_fields_in_one_step_renders_the_models_that_altering_each_would():
    loader = MigrationLoader(connection)
    key = ("training", "0002_history_indexed_by_record")
    one_step = loader.project_state(key, at_end=False)
    assert one_step.apps  # rendered, as a migration finds it
    each = one_step.clone()
    step = loader.get_migration(*key).operations[0]
    step.state_forwards("training", one_step)
    for operation in step.operations:
        operation.state_forwards("training", each)

    def fields(state, model_name):
        return [(f.name, f.db_index) for f in state.apps.get_model("training", model_name)._meta.fields]

    for model_name in {operation.model_name for operation in step.operations}:
        assert fields(one_step, model_name) == fields(each, model_name)
    assert ("history_date", False) in fields(one_step, "historicalaccidentcase")
