from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from backend.notifications.models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """Read-only: notifications are made by the application, never by hand."""

    list_display = ("created_at", "kind", "recipient", "read_at", "emailed_at")
    list_filter = ("kind",)
    search_fields = ("recipient__username",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
