from django.apps import apps

from .models import Notification
from .scoping import official_of


def navigation(request):
    """The navigation bar: each app's ``AppConfig.navigation`` entries the user's role may see.

    An entry is ``(url name, label, roles)``; ``roles`` None means everyone.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    official = official_of(user)
    role = official.role if official else None
    entries = [("dashboard", "工作台")]
    for config in apps.get_app_configs():
        for name, label, roles in getattr(config, "navigation", ()):
            if roles is None or role in roles or user.is_superuser:
                entries.append((name, label))
    return {
        "official": official,
        "navigation": entries,
        "unread_notifications": Notification.objects.filter(recipient=user).unread().count(),
    }
