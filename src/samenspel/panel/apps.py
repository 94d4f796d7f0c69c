from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PanelConfig(AppConfig):
    name = "samenspel.panel"
    verbose_name = _("neighbourhood panels and consultations")
