from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinanceConfig(AppConfig):
    name = "samenspel.finance"
    label = "finance"
    verbose_name = _("Open budget and the right to challenge")
