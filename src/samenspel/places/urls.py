from django.urls import path

from . import views

app_name = "places"
urlpatterns = [
    path("", views.place_search, name="search"),
    path("dna/<int:pk>/", views.dna_item_detail, name="dna_item"),
    path("dna/<int:pk>/wijzigen/", views.dna_item_change, name="dna_item_change"),
    path("dna/<int:pk>/intrekken/", views.dna_item_withdraw, name="dna_item_withdraw"),
    path("dna/<int:pk>/verbergen/", views.dna_item_hide, name="dna_item_hide"),
    path("<slug:municipality>/", views.municipality_detail, name="municipality"),
    path("<slug:municipality>/<slug:place>/", views.place_detail, name="place"),
    path("<slug:municipality>/<slug:place>/dna/nieuw/", views.dna_item_add, name="dna_item_add"),
]
