from django.urls import path

from . import views

app_name = "agenda"
urlpatterns = [
    path("", views.index, name="index"),
    path("gemeente/<slug:municipality>/", views.municipality, name="municipality"),
    path("nieuw/", views.agenda_new, name="agenda_new"),
    path("<int:pk>/", views.agenda_detail, name="agenda"),
    path("<int:pk>/status/", views.agenda_status, name="agenda_status"),
    path("<int:pk>/voorstel/", views.item_new, name="item_new"),
    path("<int:pk>/dna/<int:dna_pk>/", views.promote_dna, name="promote_dna"),
    path("punt/<int:pk>/", views.item_detail, name="item"),
    path("punt/<int:pk>/uitwerken/", views.item_work_out, name="item_work_out"),
    path("punt/<int:pk>/besluit/", views.item_decide, name="item_decide"),
    path("punt/<int:pk>/gebiedsprogramma/", views.item_programme, name="item_programme"),
    path("punt/<int:pk>/afgerond/", views.item_done, name="item_done"),
    path("punt/<int:pk>/actie/nieuw/", views.action_new, name="action_new"),
    path("actie/<int:pk>/status/", views.action_status, name="action_status"),
    path("gebiedsprogramma/<int:pk>/", views.programme_detail, name="programme"),
]
