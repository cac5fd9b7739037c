from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from accounts.models import Membership, Notification, Program, User


class MembershipInline(admin.TabularInline[Membership, User]):
    model = Membership
    extra = 0


@admin.register(User)
class UserAdmin(BaseUserAdmin):  # type: ignore[type-arg]
    ordering = ["email"]
    list_display = ["email", "full_name", "preferred_language", "is_active", "is_staff"]
    search_fields = ["email", "full_name"]
    list_filter = ["is_active", "is_staff", "memberships__role"]
    inlines = [MembershipInline]
    fieldsets = (
        (None, {"fields": ("email", "password", "full_name", "preferred_language")}),
        ("Access", {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
    )
    add_fieldsets = ((None, {"fields": ("email", "full_name", "password1", "password2")}),)


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin[Program]):
    list_display = ["slug", "name", "city", "commitment_months"]
    search_fields = ["slug", "name", "city"]

    def get_queryset(self, request):  # type: ignore[no-untyped-def]
        return Program.directory.all()


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin[Notification]):
    list_display = ["key", "kind", "status", "created_at", "sent_at"]
    list_filter = ["kind", "status"]
    readonly_fields = [
        "key", "user", "address", "kind", "subject", "body", "status", "sent_at", "attempts",
    ]  # fmt: skip
