from django.db import migrations


def load(apps, schema_editor):
    from grid.divisions import load_divisions

    load_divisions(apps.get_model("grid", "Region"))


class Migration(migrations.Migration):
    dependencies = [("grid", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
