from django.urls import path

from . import views

app_name = "panel"
urlpatterns = [
    path("", views.index, name="index"),
    path("nieuw/", views.panel_new, name="panel_new"),
    path("code/", views.code_entry, name="code"),
    path("<int:pk>/", views.panel_detail, name="panel"),
    path("<int:pk>/aanmelden/", views.panel_join, name="join"),
    path("<int:pk>/codes/", views.panel_codes, name="codes"),
    path("lid/<int:pk>/", views.membership, name="membership"),
    path("lid/<int:pk>/profiel/", views.profile, name="profile"),
    path("lid/<int:pk>/pauze/", views.pause, name="pause"),
    path("lid/<int:pk>/terug/", views.resume, name="resume"),
    path("lid/<int:pk>/opzeggen/", views.leave, name="leave"),
    path("raadpleging/nieuw/", views.consultation_new, name="consultation_new"),
    path("raadpleging/<int:pk>/", views.consultation_detail, name="consultation"),
    path("raadpleging/<int:pk>/vragen/", views.question_add, name="question_add"),
    path("vraag/<int:pk>/verwijderen/", views.question_remove, name="question_remove"),
    path("raadpleging/<int:pk>/uitnodigen/", views.consultation_invite, name="invite"),
    path("raadpleging/<int:pk>/papier/", views.paper_entry, name="paper"),
    path("raadpleging/<int:pk>/resultaten/", views.results, name="results"),
    path("raadpleging/<int:pk>/open-antwoorden.csv", views.open_answers_csv, name="open_answers_csv"),
]
