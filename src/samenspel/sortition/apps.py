from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SortitionConfig(AppConfig):
    name = "samenspel.sortition"
    verbose_name = _("drawing by lot")
