from django.urls import path, re_path

from . import views

app_name = "deliberation"
urlpatterns = [
    path("", views.index, name="index"),
    path("wijk/<slug:municipality>/<slug:place>/", views.place_index, name="place"),
    path("wijk/<slug:municipality>/<slug:place>/bijeenkomsten.ics", views.place_calendar, name="place_calendar"),
    # conversations (opinion maps)
    path("nieuw/", views.conversation_new, name="conversation_new"),
    path("<int:pk>/", views.conversation, name="conversation"),
    path("<int:pk>/stem/", views.vote, name="vote"),
    path("<int:pk>/stelling/", views.statement_add, name="statement_add"),
    path("<int:pk>/kaart/", views.conversation_map, name="map"),
    path("<int:pk>/beheer/", views.moderate, name="moderate"),
    path("<int:pk>/zaal/", views.room, name="room"),
    path("stelling/<int:pk>/melden/", views.statement_report, name="statement_report"),
    # debates
    path("debat/nieuw/", views.debate_new, name="debate_new"),
    path("debat/<int:pk>/", views.debate, name="debate"),
    path("debat/<int:pk>/samenvatting/", views.debate_summary, name="debate_summary"),
    path("debat/<int:pk>/besluit/", views.debate_decision, name="debate_decision"),
    path("argument/<int:pk>/steun/", views.argument_support, name="argument_support"),
    path("argument/<int:pk>/verbergen/", views.argument_hide, name="argument_hide"),
    # meetings
    path("bijeenkomsten/", views.meetings, name="meetings"),
    path("bijeenkomst/nieuw/", views.meeting_new, name="meeting_new"),
    path("bijeenkomst/<int:pk>/", views.meeting, name="meeting"),
    path("bijeenkomst/<int:pk>/aanmelden/", views.meeting_register, name="meeting_register"),
    path("bijeenkomst/<int:pk>/bijhouden/", views.meeting_manage, name="meeting_manage"),
    re_path(r"^bijeenkomst/(?P<pk>[0-9]+)/(?P<part>agenda|notulen)\.pdf$", views.meeting_pdf, name="meeting_pdf"),
    path("document/<int:pk>/", views.document, name="document"),
    path("orgaan/<int:pk>/", views.body, name="body"),
    path("orgaan/<int:pk>/bijeenkomsten.ics", views.body_calendar, name="body_calendar"),
    path("orgaan/<int:pk>/rooster/", views.schedule_new, name="schedule_new"),
]
