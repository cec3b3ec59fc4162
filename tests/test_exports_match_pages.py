"""For every list, the Excel export of a filtered list holds exactly the rows and cells the page shows.

Parametrized over every registered list (and the lists of contracted models
not registered yet); the rows come from each model's contract ``make``. A
page that adds what its export lacks (an annotation in ``get_queryset``)
fails here, cell by cell.
"""

import pytest

from base.privacy import Viewer
from base.registry import registrations
from tests.scoping import ScopedExport, cell_value, contract_classes, contract_of, workbook_rows


def lists() -> list:
    registered = [r.model for r in registrations() if "list" in r.pages]
    pending = [cls.model for cls in contract_classes() if issubclass(cls, ScopedExport) and cls.model not in registered]
    return [pytest.param(model, id=model._meta.label) for model in registered + pending]


@pytest.mark.parametrize("model", lists())
def test_the_export_of_a_filtered_list_is_what_the_page_shows(model, cast, client):
    contract_class = contract_of(model)
    assert contract_class is not None, f"{model._meta.label} needs a contract: its make() gives this test its rows"
    contract = contract_class()
    contract.cast = cast
    for region in contract.regions.values():
        contract.make(getattr(cast, region))
    client.force_login(cast.user_city)
    url = contract.url("list")
    everything = client.get(url, {"page_size": 200})
    query = {**contract.export_filter(cast, everything.context["filter"].filters), "page_size": 200}
    page = client.get(url, query)
    shown = list(page.context["object_list"])
    assert 0 < len(shown) < len(everything.context["object_list"]), f"{query} must narrow the list"
    # The export holds every column (an importable list's export re-imports); the page shows some of them.
    columns = page.context["columns"]
    viewer = Viewer(cast.user_city, "page")
    expected = [tuple(column.header for column in columns)]
    expected += [tuple(cell_value(column.resolve(obj, viewer)[0]) for column in columns) for obj in shown]
    exported = workbook_rows(client.get(url, {**query, "export": "xlsx"}))
    at = [exported[0].index(column.header) for column in columns]
    assert [tuple(cell_value(row[index]) for index in at) for row in exported] == expected
