"""Imports point one way (DESIGN.md): base ← apps ← the committee's tools, with no cycles."""

import ast
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
PACKAGES = ("base", "grid", "hazards", "inspections", "training", "enforcement", "sanming_safety", "tests")
APPS = ("grid", "hazards", "inspections", "training", "enforcement")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def project_modules() -> dict[str, Path]:
    return {
        module_name(path): path
        for package in PACKAGES
        for path in (ROOT / package).rglob("*.py")
        if "migrations" not in path.parts
    }


def imports_of(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """Project modules ``name`` imports anywhere in its file (local imports count too)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            targets = [f"{base}.{alias.name}" for alias in node.names] + [base]
        else:
            continue
        for target in targets:
            while target and target not in modules:
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


def import_graph() -> dict[str, set[str]]:
    modules = project_modules()
    return {name: imports_of(name, path, modules) for name, path in modules.items()}


def test_base_imports_no_app_and_no_committee_tool():
    graph = import_graph()
    offending = {
        (module, target)
        for module, targets in graph.items()
        if module.split(".")[0] == "base" and ".tests" not in module
        for target in targets
        if target.split(".")[0] != "base"
    }
    assert offending == set()


def test_apps_do_not_import_the_committee_tools():
    graph = import_graph()
    offending = {
        (module, target)
        for module, targets in graph.items()
        if module.split(".")[0] in APPS and ".tests" not in module
        for target in targets
        if target.split(".")[0] == "sanming_safety"
    }
    assert offending == set()


def test_grid_runs_without_hazards():
    """grid's code and templates name nothing of hazards; hazards adds to grid's pages through panels."""
    graph = import_graph()
    offending = {
        (module, target)
        for module, targets in graph.items()
        if module.split(".")[0] == "grid" and ".tests" not in module
        for target in targets
        if target.split(".")[0] in {"hazards", "inspections", "training", "enforcement"}
    }
    assert offending == set()
    templates = [path for path in (ROOT / "grid").rglob("*.html") if "hazards:" in path.read_text(encoding="utf-8")]
    assert templates == []


def test_no_import_cycle_between_files():
    graph = import_graph()
    index, low, on_stack, stack, cycles = {}, {}, set(), [], []

    def visit(node):  # Tarjan's strongly connected components
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.add(member)
                if member == node:
                    break
            # A package's __init__ re-exporting its own modules is not a cycle between files.
            if len(component) > 1:
                cycles.append(sorted(component))

    for node in list(graph):
        if node not in index:
            visit(node)
    assert cycles == []
