from .discovery import project_apps
from .models import Notification
from .scoping import official_of


def navigation(request):
    """The navigation bar: each app's ``AppConfig.navigation`` entries the user's role may see.

    An entry is ``(url name, label, roles)`` or ``(url name, label, roles, group)``;
    ``roles`` None means everyone. Entries of one group (a mechanism's slogan,
    "三个一律") share a menu, so the bar stays one line on a desktop.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    official = official_of(user)
    role = official.role if official else None
    items: list[dict] = [{"name": "dashboard", "label": "工作台"}]
    groups: dict[str, dict] = {}
    for config in project_apps():
        for name, label, roles, *group in getattr(config, "navigation", ()):
            if not (roles is None or role in roles or user.is_superuser):
                continue
            entry = {"name": name, "label": label}
            if not group:
                items.append(entry)
            elif group[0] in groups:
                groups[group[0]]["entries"].append(entry)
            else:
                groups[group[0]] = {"label": group[0], "entries": [entry]}
                items.append(groups[group[0]])
    return {
        "official": official,
        "navigation": [item["entries"][0] if len(item.get("entries", ())) == 1 else item for item in items],
        "unread_notifications": Notification.objects.filter(recipient=user).unread().count(),
    }
