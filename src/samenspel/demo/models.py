from django.conf import settings
from django.db import models


class DemoAccount(models.Model):
    """Marks an account the demo loader made, so demo logins exist only in a demo and
    `samenspel demo_code` never shows a real person's second factor."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="demo_account")
    description = models.CharField(max_length=200)

    def __str__(self):
        return self.description
