from django.db import migrations


class Migration(migrations.Migration):
    """API tokens were kept in plain text by rest_framework.authtoken; knox keeps digests. Old tokens go."""

    dependencies = [("sanming_safety", "0005_move_notices_to_base"), ("knox", "0009_extend_authtoken_field")]

    operations = [migrations.RunSQL("DROP TABLE IF EXISTS authtoken_token", reverse_sql=migrations.RunSQL.noop)]
