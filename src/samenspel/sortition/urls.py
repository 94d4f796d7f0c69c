from django.urls import path

from . import views

app_name = "sortition"

urlpatterns = [
    path("", views.index, name="index"),
    path("antwoord/", views.reply, name="reply"),
    path("controleer/", views.check, name="check"),
    path("nieuw/", views.draw_new, name="draw_new"),
    path("<int:pk>/", views.draw_detail, name="draw"),
    path("<int:pk>/materiaal/<int:number>.json", views.material, name="material"),
    path("<int:pk>/beheer/", views.manage, name="manage"),
    path("<int:pk>/beheer/extract/", views.extract_upload, name="extract_upload"),
    path("<int:pk>/beheer/extract/verwijderen/", views.extract_delete, name="extract_delete"),
    path("<int:pk>/beheer/uitnodigingen/", views.invitations, name="invitations"),
    path("<int:pk>/beheer/brieven.pdf", views.letters, name="letters"),
    path("<int:pk>/beheer/antwoord/", views.reply_enter, name="reply_enter"),
    path("<int:pk>/beheer/sluiten/", views.close_replies, name="close_replies"),
    path("<int:pk>/beheer/quota/", views.quotas, name="quotas"),
    path("<int:pk>/beheer/loting/", views.selection_start, name="selection_start"),
    path("<int:pk>/beheer/loting/<int:number>/versoepelen/", views.relax, name="relax"),
    path("<int:pk>/beheer/loting/<int:number>/vastleggen/", views.commit, name="commit"),
    path("<int:pk>/beheer/loting/<int:number>/zaadgetal/", views.reveal, name="reveal"),
    path("<int:pk>/beheer/loting/<int:number>/quota/", views.replacement_quotas, name="replacement_quotas"),
    path("<int:pk>/beheer/aanvulling/", views.replacement_start, name="replacement_start"),
    path("<int:pk>/beheer/lid/<int:respondent_pk>/zitting/", views.seat, name="seat"),
    path("<int:pk>/beheer/lid/<int:respondent_pk>/afmelden/", views.release, name="release"),
]
