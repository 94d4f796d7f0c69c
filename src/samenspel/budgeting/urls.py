from django.urls import path

from . import views
from .urls_voting import urlpatterns as voting_urlpatterns

app_name = "budgeting"

urlpatterns = [
    path("", views.index, name="index"),
    path("budget/nieuw/", views.budget_new, name="budget_new"),
    path("budget/<int:pk>/", views.budget_detail, name="budget"),
    path("budget/<int:pk>/bewerken/", views.budget_edit, name="budget_edit"),
    path("budget/<int:pk>/ronde/nieuw/", views.round_new, name="round_new"),
    path("ronde/<int:pk>/", views.round_detail, name="round"),
    path("ronde/<int:pk>/idee/", views.project_submit, name="project_submit"),
    path("ronde/<int:pk>/uitslag/", views.results, name="results"),
    path("ronde/<int:pk>/uitslag.json", views.results_json, name="results_json"),
    path("ronde/<int:pk>/uitslag.pb", views.results_pb, name="results_pb"),
    path("ronde/<int:pk>/uitvoering/", views.realisation, name="realisation"),
    path("ronde/<int:pk>/beheer/", views.manage, name="manage"),
    path("ronde/<int:pk>/bewerken/", views.round_edit, name="round_edit"),
    path("ronde/<int:pk>/plafonds/", views.area_caps, name="area_caps"),
    path("ronde/<int:pk>/project/nieuw/", views.project_new, name="project_new"),
    path("ronde/<int:pk>/project/uit-idee/", views.project_from_idea, name="project_from_idea"),
    path("ronde/<int:pk>/shortlist/", views.shortlist, name="shortlist"),
    path("ronde/<int:pk>/uitslag/publiceren/", views.publish, name="publish"),
    path("project/<int:pk>/", views.project_detail, name="project"),
    path("project/<int:pk>/steunen/", views.project_support, name="project_support"),
    path("project/<int:pk>/intrekken/", views.project_withdraw, name="project_withdraw"),
    path("project/<int:pk>/beoordelen/", views.review, name="review"),
    path("project/<int:pk>/voortgang/", views.realisation_update, name="realisation_update"),
    *voting_urlpatterns,
]
