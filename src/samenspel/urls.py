from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("samenspel.core.urls")),
    path("plaatsen/", include("samenspel.places.urls")),
    path("afspraken/", include("samenspel.agreements.urls")),
    path("volgen/", include("samenspel.notifications.urls")),
    path("account/", include("samenspel.accounts.urls")),
    path("account/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("beheer/", admin.site.urls),
]
