"""The planner's statistics of a region's path sampled finely enough to count a township's subtree.

Every township-scoped query joins its rows to the regions whose path starts with the township's.
At PostgreSQL's default statistics target a township's 13 regions were estimated as one, so a
jurisdiction check of 500 imported hazards probed the hazards' key 13 times over (a nested loop,
16 ms at 10×) rather than hashing the 13 regions once (2 ms). The table holds Sanming's ~2,100
regions (a province's some tens of thousands), so a target of 1,000 samples it whole and costs nothing to keep.
"""

from django.db import migrations

TARGET = 1000


def set_target(target: int):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        table = schema_editor.quote_name(apps.get_model("grid", "Region")._meta.db_table)
        schema_editor.execute(f"ALTER TABLE {table} ALTER COLUMN path SET STATISTICS {target}")
        schema_editor.execute(f"ANALYZE {table}")

    return operation


class Migration(migrations.Migration):
    dependencies = [("grid", "0005_history_indexed_by_record")]

    operations = [migrations.RunPython(set_target(TARGET), set_target(-1))]
