"""Sanming's real administrative divisions, shipped as ``grid/fixtures/sanming-divisions.csv``."""

import csv
from pathlib import Path

DIVISIONS_CSV = Path(__file__).resolve().parent / "fixtures" / "sanming-divisions.csv"


def load_divisions(region_model, path: Path = DIVISIONS_CSV) -> int:
    """Create the regions that are missing (parents first); returns how many were created.

    Takes the model as an argument so the data migration can pass its
    historical model. Existing regions are left as they are.
    """
    with path.open(encoding="utf-8") as handle:
        rows = {row["code"]: row for row in csv.DictReader(handle)}

    def depth(code: str) -> int:
        parent = rows[code]["parent_code"]
        return depth(parent) + 1 if parent else 0

    known = dict(region_model.objects.values_list("code", "path"))
    ids = dict(region_model.objects.values_list("code", "id"))
    by_depth: dict[int, list[dict]] = {}
    for code, row in rows.items():
        by_depth.setdefault(depth(code), []).append(row)
    created = 0
    for level in sorted(by_depth):
        batch = []
        for row in sorted(by_depth[level], key=lambda r: r["code"]):
            if row["code"] in known:
                continue
            parent = row["parent_code"] or None
            path = f"{known[parent] if parent else ''}{row['code']}/"
            known[row["code"]] = path
            batch.append(
                region_model(
                    code=row["code"], name=row["name"], level=row["level"], parent_id=ids.get(parent), path=path
                )
            )
        region_model.objects.bulk_create(batch, batch_size=1000)
        created += len(batch)
        ids.update(region_model.objects.filter(code__in=[r.code for r in batch]).values_list("code", "id"))
    return created
