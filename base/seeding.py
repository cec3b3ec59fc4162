"""What the apps' demo seeds (``<app>/demo.py``, run in turn by ``seed_demo``) share; not itself a seed."""

from django.db import connection


def analyze(*models) -> None:
    """Fresh planner statistics on PostgreSQL: of ``models``' tables, or of the whole database without any.

    Autovacuum lags a bulk seed, and a seed's rows are not committed until its app is done, so a query
    planned on the empty tables' statistics (the hazards' notices at 10×) ran over 13 minutes before it
    was stopped. ANALYZE inside the seed's transaction samples its own new rows.
    """
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        if not models:
            cursor.execute("ANALYZE")
        for model in models:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
