from django.conf import settings


def site(request):
    return {"site_name": settings.SAMENSPEL_SITE_NAME}
