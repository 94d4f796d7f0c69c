from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("mijn-gegevens/", views.profile, name="profile"),
    path("mijn-gegevens/downloaden/", views.export_data, name="export"),
    path("mijn-gegevens/verwijderen/", views.erase, name="erase"),
]
