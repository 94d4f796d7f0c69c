from django.urls import path

from . import views
from .api import api

# No app_name: ninja reverses its own namespace ("api-v1") from the root.
urlpatterns = [
    path("v1/", api.urls),
    path("sleutels/", views.tokens, name="api-tokens"),
    path("sleutels/<int:pk>/intrekken/", views.token_revoke, name="api-token-revoke"),
]
