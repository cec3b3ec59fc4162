from django.contrib import admin

from .models import Notification, PersonalDataAccess

admin.site.site_header = "三明市安全生产监管平台 · 管理"
admin.site.site_title = "安全生产监管平台"


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["recipient", "kind", "text", "created_at", "read_at", "emailed_at"]
    list_filter = ["kind"]
    search_fields = ["text", "recipient__username"]
    raw_id_fields = ["recipient"]


@admin.register(PersonalDataAccess)
class PersonalDataAccessAdmin(admin.ModelAdmin):
    """Who saw whose full ID number, where and when: read-only, for audits."""

    list_display = ["created_at", "user", "content_type", "object_id", "field", "channel"]
    list_filter = ["channel", "content_type"]
    search_fields = ["user__username", "user__official__name"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
