from django.contrib import admin
from django.db import transaction

from . import audit
from .models import AuditEntry


class AuditedAdmin(admin.ModelAdmin):
    """Changes made in the admin go into the audit log like any other."""

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            action = "changed" if change else "added"
            audit.record(
                f"admin.{obj._meta.label_lower}.{action}",
                actor=request.user,
                obj=obj,
                data={"fields": sorted(form.changed_data)},
            )

    def save_formset(self, request, form, formset, change):
        with transaction.atomic():
            super().save_formset(request, form, formset, change)
            for obj in formset.new_objects:
                audit.record(f"admin.{obj._meta.label_lower}.added", actor=request.user, obj=obj)
            for obj, fields in formset.changed_objects:
                audit.record(
                    f"admin.{obj._meta.label_lower}.changed",
                    actor=request.user,
                    obj=obj,
                    data={"fields": sorted(fields)},
                )
            for obj in formset.deleted_objects:
                audit.record(
                    f"admin.{obj._meta.label_lower}.deleted",
                    actor=request.user,
                    data={"object_type": obj._meta.label_lower},
                )

    def delete_model(self, request, obj):
        with transaction.atomic():
            audit.record(f"admin.{obj._meta.label_lower}.deleted", actor=request.user, obj=obj)
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for obj in queryset:
                audit.record(f"admin.{obj._meta.label_lower}.deleted", actor=request.user, obj=obj)
            super().delete_queryset(request, queryset)


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["seq", "created_at", "action", "object_type", "object_id", "actor_ref"]
    list_filter = ["action"]
    search_fields = ["action", "object_id", "actor_ref"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
