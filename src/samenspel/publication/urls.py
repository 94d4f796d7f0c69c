from django.urls import path

from . import feeds, views

app_name = "publication"
urlpatterns = [
    path("", views.index, name="index"),
    path("index.json", views.index_json, name="index_json"),
    path("rss/", feeds.PublicationsFeed(), name="rss"),
    path("atom/", feeds.PublicationsAtomFeed(), name="atom"),
    path("metadata.schema.json", views.schema, name="schema"),
    path("<slug:kind>/<int:pk>/", views.detail, name="detail"),
    path("<slug:kind>/<int:pk>/document.pdf", views.pdf, name="pdf"),
    path("<slug:kind>/<int:pk>/document.json", views.document_json, name="json"),
    path("<slug:kind>/<int:pk>/metadata.json", views.metadata_json, name="metadata"),
]
