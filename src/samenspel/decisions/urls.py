from django.urls import path

from . import views

app_name = "decisions"
urlpatterns = [
    path("", views.register, name="register"),
    path("besluit/nieuw/", views.decision_new, name="decision_new"),
    path("besluit/<int:pk>/", views.decision_detail, name="decision"),
    path("bezwaar/<int:pk>/beantwoorden/", views.objection_answer, name="objection_answer"),
    path("adviezen/", views.advices, name="advices"),
    path("adviezen/<slug:municipality>/", views.advices_municipality, name="advices_municipality"),
    path("adviezen/<slug:municipality>/<slug:place>/", views.advices_place, name="advices_place"),
    path("advies/nieuw/", views.advice_new, name="advice_new"),
    path("advies/<int:pk>/", views.advice_detail, name="advice"),
    path("advies/<int:pk>/reactie/", views.advice_respond, name="advice_respond"),
    path("advies/<int:pk>/intrekken/", views.advice_withdraw, name="advice_withdraw"),
    path("verantwoording/", views.reports, name="reports"),
    path("verantwoording/nieuw/", views.report_new, name="report_new"),
    path("verantwoording/<int:pk>/", views.report_detail, name="report"),
    path("verantwoording/<int:pk>/publiceren/", views.report_publish, name="report_publish"),
    path("verantwoording/<int:pk>/foto/", views.report_photo, name="report_photo"),
    path("reactie/<int:pk>/verbergen/", views.comment_hide, name="comment_hide"),
]
