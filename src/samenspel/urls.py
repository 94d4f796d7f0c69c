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
    path("begroten/", include("samenspel.budgeting.urls")),
    path("wijkpanel/", include("samenspel.panel.urls")),
    path("loting/", include("samenspel.sortition.urls")),
    path("gesprek/", include("samenspel.deliberation.urls")),
    path("open-begroting/", include("samenspel.finance.urls")),
    path("volgen/", include("samenspel.notifications.urls")),
    path("api/", include("samenspel.api.urls")),
    path("open-data/", include("samenspel.opendata.urls")),
    path("publicaties/", include("samenspel.publication.urls")),
    path("account/", include("samenspel.accounts.urls")),
    path("account/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("beheer/", admin.site.urls),
]

# Uploaded photos. In production the web server serves MEDIA_ROOT at /media/ (see README);
# this helper only works with DEBUG on, for the demo.
urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
