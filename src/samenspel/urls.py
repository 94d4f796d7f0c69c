from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("samenspel.core.urls")),
    path("plaatsen/", include("samenspel.places.urls")),
    path("afspraken/", include("samenspel.agreements.urls")),
    path("ideeen/", include("samenspel.initiatives.urls")),
    path("wijkagenda/", include("samenspel.agenda.urls")),
    path("besluiten/", include("samenspel.decisions.urls")),
    path("volgen/", include("samenspel.notifications.urls")),
    path("account/", include("samenspel.accounts.urls")),
    path("account/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("beheer/", admin.site.urls),
]

# Uploaded photos. In production the web server serves MEDIA_ROOT at /media/ (see README);
# this helper only works with DEBUG on, for the demo.
urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
