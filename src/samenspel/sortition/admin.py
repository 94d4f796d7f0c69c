"""The admin, for corrections by administrators (changes audited by AuditedAdmin). The register
extract, invitations, respondents and selection runs are not here: they hold personal data or
published commitments, and change only through the services (every read of the extract is
audited there)."""

from django.contrib import admin

from samenspel.core.admin import AuditedAdmin

from .models import Draw


@admin.register(Draw)
class DrawAdmin(AuditedAdmin):
    list_display = ["title", "place", "seats", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["title", "place__name"]
    raw_id_fields = ["place", "organisation", "created_by"]
    readonly_fields = ["status", "features", "population", "responses_closed_at", "seated_at"]
