from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from samenspel.core.admin import AuditedAdmin

from .models import Membership, Organisation, User


class MembershipInline(admin.TabularInline):
    model = Membership
    fk_name = "user"
    extra = 0
    raw_id_fields = ["place", "organisation"]
    exclude = ["granted_by"]


@admin.register(User)
class UserAdmin(AuditedAdmin, BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "display_name", "is_active", "is_staff", "erased_at"]
    list_filter = ["is_active", "is_staff", "memberships__role"]
    search_fields = ["email", "display_name"]
    readonly_fields = ["public_id", "date_joined", "last_login", "erased_at"]
    fieldsets = [
        (None, {"fields": ["email", "display_name", "password", "public_id"]}),
        ("Status", {"fields": ["is_active", "is_staff", "is_superuser", "date_joined", "last_login", "erased_at"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]
    filter_horizontal = []
    inlines = [MembershipInline]


@admin.register(Organisation)
class OrganisationAdmin(AuditedAdmin):
    list_display = ["name", "kind", "place"]
    list_filter = ["kind"]
    search_fields = ["name"]
    raw_id_fields = ["place"]
