from django.contrib import admin

from .models import Conversation, Debate, Meeting, MeetingSchedule


@admin.register(Conversation)
class ConversationAdmin(admin.ModelAdmin):
    list_display = ["title", "place", "moderation", "allow_anonymous", "is_open", "map_computed_at"]
    list_filter = ["is_open", "moderation"]
    search_fields = ["title", "question"]
    readonly_fields = ["map_computed_at", "map_votes"]
    exclude = ["map_data", "map_state"]


@admin.register(Debate)
class DebateAdmin(admin.ModelAdmin):
    list_display = ["title", "place", "is_open", "decision"]
    search_fields = ["title"]
    raw_id_fields = ["agenda_item", "idea", "decision"]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["title", "place", "organisation", "kind", "starts_at", "is_public", "status"]
    list_filter = ["kind", "is_public", "status"]
    search_fields = ["title"]
    raw_id_fields = ["decisions"]


@admin.register(MeetingSchedule)
class MeetingScheduleAdmin(admin.ModelAdmin):
    list_display = ["title", "organisation", "frequency", "weekday", "week_of_month", "start_time"]
