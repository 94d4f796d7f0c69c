from django.contrib import admin

from samenspel.core.admin import AuditedAdmin

from .models import KillerPhrase, ServiceLevel


@admin.register(ServiceLevel)
class ServiceLevelAdmin(AuditedAdmin):
    list_display = ["municipality", "first_contact_days", "support_answer_days"]
    raw_id_fields = ["municipality"]


@admin.register(KillerPhrase)
class KillerPhraseAdmin(AuditedAdmin):
    list_display = ["number", "text", "category", "basis"]
    list_filter = ["category"]
