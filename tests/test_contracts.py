"""Every scoped model with pages inherits the jurisdiction contract, with the capabilities its pages have."""

from django.apps import apps

from base.registry import registrations
from base.scoping import ScopedModel
from tests.scoping import (
    ScopedApi,
    ScopedApiWrites,
    ScopedByDepartment,
    ScopedDetail,
    ScopedEdit,
    ScopedExport,
    ScopedImport,
    ScopedList,
    contract_classes,
)

# Scoped models that have no pages of their own, so no contract; each says where its scope is proved.
WITHOUT_CONTRACT = {
    "grid.Region": "a region is its own scope: grid/tests/test_regions.py, base/tests/test_scoping.py",
    "grid.Department": "read-only API of the county's departments, seen from above: base/tests/test_scoping.py",
    "grid.Official": "accounts, managed in the admin",
    "grid.VisitFinding": "shown on its visit's page",
    "grid.VisitPhoto": "served through its visit's page",
    "hazards.HazardProgress": "shown on its hazard's page",
    "hazards.HazardPhoto": "served through its hazard's page",
    "hazards.DeadlineExtension": "shown on its hazard's page",
    "hazards.HazardUrge": "shown on its hazard's page",
    "hazards.SupervisionProgress": "shown on its supervision item's page",
    "hazards.RiskPointMonthlyCount": "frozen counts read by the bulletin",
    "inspections.SelfCheckProblem": "shown on its self-check report's page",
    "inspections.TeamMember": "edited and shown on its team's pages: inspections/tests/test_teams.py",
    "inspections.TeamTraining": "recorded and shown on its team's page",
    "inspections.InspectionCheck": "recorded and shown on its inspection's pages",
    "inspections.InspectionFinding": "recorded and shown on its inspection's pages: inspections/tests/test_findings.py",
    "inspections.InspectionPhoto": "served through its inspection's page: inspections/tests/test_findings.py",
    "sanming_safety.BulletinIssue": "the committee's monthly workbook: sanming_safety/tests/test_bulletin_archive.py",
    "inspections.CadenceReport": "the follow-up cadence's workbooks: inspections/tests/test_mechanism_pages.py",
}

# What a registration offers → the capability its contract must inherit.
CAPABILITY_OF_PAGE = {"list": ScopedList, "detail": ScopedDetail, "edit": ScopedEdit, "import": ScopedImport}


def contracted() -> dict[str, type]:
    found = {}
    for cls in contract_classes():
        assert cls.model._meta.label not in found, f"two contracts for {cls.model._meta.label}"
        found[cls.model._meta.label] = cls
    return found


def scoped_models() -> list[type]:
    return [model for model in apps.get_models() if issubclass(model, ScopedModel)]


def test_every_registered_scoped_model_has_a_contract():
    contracts = contracted()
    missing = [
        r.model._meta.label
        for r in registrations()
        if issubclass(r.model, ScopedModel) and r.model._meta.label not in contracts
    ]
    assert missing == [], "registered scoped models without a contract test class (see tests/scoping.py)"


def test_every_scoped_model_has_a_contract_or_says_why_not():
    contracts = contracted()
    labels = {model._meta.label for model in scoped_models()}
    assert sorted(labels - set(contracts) - set(WITHOUT_CONTRACT)) == []
    # A model that gained pages (or vanished) leaves the list.
    assert sorted(set(WITHOUT_CONTRACT) & set(contracts)) == []
    assert sorted(set(WITHOUT_CONTRACT) - labels) == []
    registered = {r.model._meta.label for r in registrations()}
    assert sorted(set(WITHOUT_CONTRACT) & registered) == []


def test_a_registered_models_contract_covers_every_page_it_offers():
    contracts = contracted()
    gaps = []
    for registration in registrations():
        contract = contracts.get(registration.model._meta.label)
        if contract is None:
            continue
        needed = [CAPABILITY_OF_PAGE[page] for page in registration.pages if page in CAPABILITY_OF_PAGE]
        if "list" in registration.pages:
            needed.append(ScopedExport)
        needed.append(ScopedApi if registration.read_only else ScopedApiWrites)
        gaps += [f"{contract.__name__} lacks {cap.__name__}" for cap in needed if not issubclass(contract, cap)]
    assert gaps == []


def test_a_model_with_a_regulator_is_tested_as_one():
    gaps = [
        cls.__name__
        for cls in contracted().values()
        if cls.model.scope_department is not None and not issubclass(cls, ScopedByDepartment)
    ]
    assert gaps == [], "these models declare scope_department: inherit ScopedByDepartment"
