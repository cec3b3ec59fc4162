from django.db import migrations

# 录入人 is created_by on every model (GLOSSARY.md); renaming keeps every row and its history.
# HazardProgress and SupervisionProgress keep reported_by: the API exposes it.
RENAMES = [("hazardphoto", "uploaded_by"), ("deadlineextension", "requested_by"), ("hazardurge", "author")]


class Migration(migrations.Migration):
    dependencies = [
        ("hazards", "0002_hazard_visit_finding"),
    ]

    operations = [
        migrations.RenameField(model_name=f"{prefix}{model}", old_name=old, new_name="created_by")
        for model, old in RENAMES
        for prefix in ("", "historical")
    ]
