"""Migration operations of our own."""

from django.db.migrations.operations.base import Operation


class AlterFields(Operation):
    """Many ``AlterField`` of one app as one operation: what each does, in one step.

    Each ``AlterField`` of a relation renders again every model related to its own, which is
    nearly all of them: the 286 that dropped the history tables' indexes took minutes, longer
    than every migration before them, on every database made from scratch (a test database
    too). Here the fields' states change first and the models they touch are rendered once. The
    fields are independent of one another, so the database alters each from its state before
    the step to its state after it.
    """

    reduces_to_sql = True
    reversible = True

    def __init__(self, operations):
        self.operations = operations

    def deconstruct(self):
        return self.__class__.__qualname__, [], {"operations": self.operations}

    def state_forwards(self, app_label, state):
        # Without rendered models in the state, ``AlterField`` changes the field's state alone.
        rendered = state.__dict__.pop("apps", None)
        for operation in self.operations:
            operation.state_forwards(app_label, state)
        if rendered is not None:
            state.apps = rendered
            state.reload_models({(app_label, operation.model_name_lower) for operation in self.operations}, delay=False)

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        self._alter(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        # Django passes the state after the step as ``from_state`` here: undoing is altering back to ``to_state``.
        self._alter(app_label, schema_editor, from_state, to_state)

    def _alter(self, app_label, schema_editor, from_state, to_state):
        """Each field from its state in ``from_state`` to its state in ``to_state``, on its model as ``to_state``
        has it: SQLite rebuilds the whole table for each field, and a model as ``from_state`` has it would bring
        back what the fields altered before lost."""
        for operation in self.operations:
            model = to_state.apps.get_model(app_label, operation.model_name)
            if self.allow_migrate_model(schema_editor.connection.alias, model):
                old = from_state.apps.get_model(app_label, operation.model_name)._meta.get_field(operation.name)
                schema_editor.alter_field(model, old, model._meta.get_field(operation.name))

    def describe(self):
        return f"Alter {len(self.operations)} fields"
