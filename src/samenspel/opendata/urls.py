from django.urls import path, re_path

from . import views

app_name = "opendata"
urlpatterns = [
    path("", views.index, name="index"),
    path("catalogus.json", views.catalogue, name="catalogue"),
    re_path(r"^(?P<slug>[-a-z0-9]+)\.(?P<fmt>csv|json|xlsx)$", views.download, name="download"),
]
