"""Apps are discovered one way: a module of a given name in each installed app.

The dashboard, the bulletin, the demo seed and the job registry all ask
``app_modules("reports")`` (or "demo", "tasks"). An app without the module is
passed over; a module that exists but fails to import raises, so a broken
``reports.py`` is never mistaken for a missing one.
"""

from importlib import import_module
from types import ModuleType

from django.apps import apps
from django.conf import settings
from django.utils.module_loading import module_has_submodule


def project_apps() -> list:
    """The project's own apps (not Django's or third parties'), in INSTALLED_APPS order."""
    root = str(settings.BASE_DIR)
    return [config for config in apps.get_app_configs() if config.path.startswith(root)]


def app_modules(name: str) -> list[ModuleType]:
    """``<app>.<name>`` of every project app that has one, in INSTALLED_APPS order."""
    return [
        import_module(f"{config.name}.{name}") for config in project_apps() if module_has_submodule(config.module, name)
    ]
