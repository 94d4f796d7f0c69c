"""Voting: codes, ballots online and on paper, receipts. Included by urls.py."""

from django.urls import path

from . import views_voting as views

urlpatterns = [
    path("ronde/<int:pk>/stemmen/", views.vote_start, name="vote_start"),
    path("ronde/<int:pk>/stemmen/met-account/", views.vote_account, name="vote_account"),
    path("ronde/<int:pk>/stemmen/stembiljet/", views.vote_ballot, name="vote_ballot"),
    path("ronde/<int:pk>/stemmen/stoppen/", views.vote_leave, name="vote_leave"),
    path("ronde/<int:pk>/stemcodes/", views.codes, name="codes"),
    path("ronde/<int:pk>/papier/", views.paper, name="paper"),
    path("ronde/<int:pk>/papier/<str:sheet>/", views.paper_sheet, name="paper_sheet"),
    path("ronde/<int:pk>/stemmen-sluiten/", views.close, name="close"),
]
