from django.urls import path

from . import feeds, views

app_name = "notifications"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("volg/", views.follow, name="follow"),
    path("ontvolg/", views.unfollow, name="unfollow"),
    path("wijkkrant/<slug:municipality>/<slug:place>/", views.wijkkrant, name="wijkkrant"),
    path("wijkkrant/<slug:municipality>/<slug:place>/wijkkrant.pdf", views.wijkkrant_pdf, name="wijkkrant_pdf"),
    path("feeds/<slug:municipality>/<slug:place>/ideeen.rss", feeds.IdeasFeed(), name="ideas_rss"),
    path("feeds/<slug:municipality>/<slug:place>/ideeen.atom", feeds.IdeasAtomFeed(), name="ideas_atom"),
    path("feeds/<slug:municipality>/<slug:place>/besluiten.rss", feeds.DecisionsFeed(), name="decisions_rss"),
    path("feeds/<slug:municipality>/<slug:place>/besluiten.atom", feeds.DecisionsAtomFeed(), name="decisions_atom"),
]
