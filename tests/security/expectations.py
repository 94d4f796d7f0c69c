"""Who may open which page: one entry per URL pattern of the project.

A pattern without an entry fails the matrix, so every new page must be classified here. Each
entry is (who may GET it, which world object fills its pk-like kwargs). "Allowed" means a 2xx
or 3xx answer that is not a redirect to the login; "refused" means 403, 404 or a redirect to
the login. A page that takes POST only may answer 405 to anyone.

Roles (see world.py): anonymous, other_resident, resident, org_rep, body_member, official,
council, admin — all around the demo's Oosterparkwijk."""

ALL = frozenset({"anonymous", "other_resident", "resident", "org_rep", "body_member", "official", "council", "admin"})
PUBLIC = ALL
LOGGED_IN = ALL - {"anonymous"}
# Residents of the wijk (and those who speak for it), and the staff covering it.
WIJK = frozenset({"resident", "org_rep", "body_member", "official", "admin"})
# Those who speak for the wijk (organisation representatives, body members) and staff.
SPEAKERS = frozenset({"org_rep", "body_member", "official", "admin"})
# The area team, facilitators and administrators covering the place.
STAFF = frozenset({"official", "admin"})
ADMIN = frozenset({"admin"})
NOBODY = frozenset()


def _(access, **objects):
    return access, objects


EXPECT = {
    # core
    "core:home": _(PUBLIC),
    "core:accessibility": _(PUBLIC),
    "core:privacy": _(PUBLIC),
    "core:health": _(PUBLIC),
    # places
    "places:search": _(PUBLIC),
    "places:dna_item": _(PUBLIC, pk="dna_item"),
    "places:dna_item_change": _(STAFF, pk="dna_item"),
    "places:dna_item_withdraw": _(STAFF, pk="dna_item"),
    "places:dna_item_hide": _(STAFF, pk="dna_item"),
    "places:municipality": _(PUBLIC),
    "places:place": _(PUBLIC),
    "places:dna_item_add": _(WIJK),
    # agreements
    "agreements:index": _(PUBLIC),
    "agreements:praatplaat": _(PUBLIC),
    "agreements:lessons": _(PUBLIC),
    "agreements:council": _(PUBLIC),
    "agreements:council_decision_new": _(frozenset({"council", "admin"})),
    "agreements:trajectory_new": _(STAFF, **{"?plaats": "place"}),
    "agreements:trajectory": _(PUBLIC, pk="trajectory"),
    "agreements:participant_add": _(STAFF, pk="trajectory"),
    "agreements:step_change": _(STAFF, pk="trajectory"),
    "agreements:session_new": _(STAFF, pk="trajectory"),
    "agreements:blank_spot_add": _(STAFF, pk="trajectory"),
    "agreements:agreement_start": _(STAFF, pk="trajectory"),
    "agreements:session": _(PUBLIC, pk="session"),
    "agreements:blank_spot_resolve": _(STAFF, pk="blank_spot"),
    "agreements:version": _(PUBLIC, pk="version"),
    "agreements:card": _(PUBLIC, pk="version"),
    "agreements:card_pdf": _(PUBLIC, pk="version"),
    "agreements:version_json": _(PUBLIC, pk="version"),
    "agreements:version_details": _(STAFF, pk="version"),
    "agreements:scope_item_new": _(STAFF, pk="version"),
    "agreements:scope_item_edit": _(STAFF, pk="version", item_pk="scope_item"),
    "agreements:scope_item_remove": _(STAFF, pk="version", item_pk="scope_item"),
    "agreements:safeguards": _(STAFF, pk="version"),
    "agreements:scope_item_safeguards": _(STAFF, pk="version", item_pk="scope_item"),
    "agreements:action_new": _(STAFF, pk="version"),
    "agreements:action_status": _(STAFF, pk="action"),
    "agreements:version_check": _(STAFF, pk="version"),
    "agreements:version_reopen": _(STAFF, pk="version"),
    # The demo's version is in evaluation: nobody signs it any more.
    "agreements:version_sign": _(NOBODY, pk="version"),
    "agreements:version_activate": _(STAFF, pk="version"),
    "agreements:version_revise": _(STAFF, pk="version"),
    "agreements:evaluation_new": _(STAFF, pk="version"),
    "agreements:evaluation": _(PUBLIC, pk="evaluation"),
    "agreements:evaluation_finish": _(STAFF, pk="evaluation"),
    "agreements:evidence_new": _(STAFF, pk="commitment"),
    # initiatives
    "initiatives:list": _(PUBLIC),
    "initiatives:submit": _(LOGGED_IN),
    "initiatives:submit_on_behalf": _(STAFF),
    "initiatives:broker": _(STAFF),
    "initiatives:moderation": _(STAFF),
    "initiatives:idea": _(PUBLIC, pk="idea"),
    "initiatives:change": _(STAFF, pk="idea"),
    # Only the initiator (none of the matrix's people); the superuser may do anything.
    "initiatives:withdraw": _(ADMIN, pk="idea"),
    "initiatives:photo_add": _(STAFF, pk="idea"),
    "initiatives:support": _(LOGGED_IN, pk="idea"),
    "initiatives:unsupport": _(LOGGED_IN, pk="idea"),
    "initiatives:support_on_behalf": _(STAFF, pk="idea"),
    "initiatives:comment": _(LOGGED_IN, pk="idea"),
    "initiatives:help": _(LOGGED_IN, pk="idea"),
    "initiatives:report": _(LOGGED_IN, pk="idea"),
    "initiatives:hide": _(STAFF, pk="idea"),
    "initiatives:unhide": _(STAFF, pk="idea"),
    "initiatives:move": _(STAFF, pk="idea"),
    "initiatives:update": _(STAFF, pk="idea"),
    "initiatives:connect": _(STAFF, pk="idea"),
    "initiatives:support_request": _(STAFF, pk="idea"),
    "initiatives:obstacle_add_for_idea": _(STAFF, pk="idea"),
    "initiatives:photo": _(PUBLIC, pk="photo"),
    "initiatives:photo_remove": _(STAFF, pk="photo"),
    "initiatives:report_comment": _(LOGGED_IN, pk="comment"),
    "initiatives:comment_hide": _(STAFF, pk="comment"),
    "initiatives:comment_unhide": _(STAFF, pk="comment"),
    "initiatives:report_dismiss": _(STAFF, pk="abuse_report"),
    "initiatives:support_decide": _(STAFF, pk="support_request"),
    "initiatives:obstacles": _(PUBLIC),
    "initiatives:obstacle_add": _(STAFF),
    "initiatives:killer_phrases": _(PUBLIC),
    "initiatives:obstacle": _(PUBLIC, pk="obstacle"),
    "initiatives:obstacle_report": _(PUBLIC),
    "initiatives:place": _(PUBLIC),
    # agenda
    "agenda:index": _(PUBLIC),
    "agenda:municipality": _(PUBLIC),
    "agenda:agenda_new": _(STAFF, **{"?plaats": "place"}),
    "agenda:agenda": _(PUBLIC, pk="agenda"),
    "agenda:agenda_status": _(STAFF, pk="agenda"),
    "agenda:item_new": _(WIJK, pk="agenda"),
    "agenda:promote_dna": _(WIJK, pk="agenda", dna_pk="dna_item"),
    "agenda:item": _(PUBLIC, pk="agenda_item"),
    "agenda:item_work_out": _(SPEAKERS, pk="agenda_item"),
    "agenda:item_decide": _(SPEAKERS | {"council"}, pk="agenda_item"),
    "agenda:item_programme": _(STAFF, pk="agenda_item"),
    "agenda:item_done": _(STAFF, pk="agenda_item"),
    "agenda:action_new": _(STAFF, pk="agenda_item"),
    "agenda:action_status": _(STAFF, pk="action"),
    "agenda:programme": _(PUBLIC, pk="programme"),
    # decisions
    "decisions:register": _(PUBLIC),
    "decisions:decision_new": _(SPEAKERS | {"council"}),
    "decisions:decision": _(PUBLIC, pk="decision"),
    # The objection is against a decision of the Coöperatieve Wijkraad: its members answer.
    "decisions:objection_answer": _(STAFF | {"body_member"}, pk="objection"),
    "decisions:advices": _(PUBLIC),
    "decisions:advices_municipality": _(PUBLIC),
    "decisions:advices_place": _(PUBLIC),
    "decisions:advice_new": _(SPEAKERS),
    "decisions:advice": _(PUBLIC, pk="advice"),
    "decisions:advice_respond": _(STAFF, pk="advice"),
    "decisions:advice_withdraw": _(STAFF, pk="advice"),
    "decisions:reports": _(PUBLIC),
    # Anouk is the initiator of an idea, and may account for it.
    "decisions:report_new": _(WIJK),
    "decisions:report": _(PUBLIC, pk="report"),
    "decisions:report_publish": _(STAFF, pk="report"),
    "decisions:report_photo": _(STAFF | {"body_member"}, pk="report"),
    "decisions:comment_hide": _(STAFF, pk="report_comment"),
    # budgeting
    "budgeting:index": _(PUBLIC),
    "budgeting:budget_new": _(STAFF),
    "budgeting:budget": _(PUBLIC, pk="budget"),
    "budgeting:budget_edit": _(STAFF, pk="budget"),
    "budgeting:round_new": _(STAFF, pk="budget"),
    "budgeting:round": _(PUBLIC, pk="round"),
    "budgeting:project_submit": _(LOGGED_IN, pk="round"),
    "budgeting:results": _(PUBLIC, pk="round"),
    "budgeting:results_json": _(PUBLIC, pk="round"),
    "budgeting:results_pb": _(PUBLIC, pk="round"),
    "budgeting:realisation": _(PUBLIC, pk="round"),
    "budgeting:manage": _(STAFF, pk="round"),
    "budgeting:round_edit": _(STAFF, pk="round"),
    "budgeting:area_caps": _(STAFF, pk="round"),
    "budgeting:project_new": _(STAFF, pk="round"),
    "budgeting:project_from_idea": _(STAFF, pk="round"),
    "budgeting:shortlist": _(STAFF, pk="round"),
    "budgeting:publish": _(STAFF, pk="round"),
    "budgeting:project": _(PUBLIC, pk="project"),
    "budgeting:project_support": _(LOGGED_IN, pk="project"),
    "budgeting:project_withdraw": _(STAFF, pk="project"),
    "budgeting:review": _(STAFF, pk="project"),
    "budgeting:realisation_update": _(STAFF, pk="project"),
    "budgeting:vote_start": _(PUBLIC, pk="round"),
    "budgeting:vote_account": _(LOGGED_IN, pk="round"),
    "budgeting:vote_ballot": _(PUBLIC, pk="round"),
    "budgeting:vote_leave": _(PUBLIC, pk="round"),
    "budgeting:codes": _(STAFF, pk="round"),
    "budgeting:paper": _(STAFF, pk="round"),
    "budgeting:paper_sheet": _(STAFF, pk="round", sheet=lambda w: w.objects["paper_entry"].sheet),
    "budgeting:close": _(STAFF, pk="round"),
    # panel
    "panel:index": _(PUBLIC),
    "panel:panel_new": _(STAFF, **{"?plaats": "place"}),
    "panel:code": _(PUBLIC),
    "panel:panel": _(PUBLIC, pk="panel"),
    "panel:join": _(LOGGED_IN, pk="panel"),
    "panel:codes": _(STAFF, pk="panel"),
    # A member's own pages: only the member (by account or code), not even staff.
    "panel:membership": _(NOBODY, pk="panel_member"),
    "panel:profile": _(NOBODY, pk="panel_member"),
    "panel:pause": _(STAFF, pk="panel_member"),
    "panel:resume": _(STAFF, pk="panel_member"),
    "panel:leave": _(STAFF, pk="panel_member"),
    "panel:consultation_new": _(STAFF, **{"?plaats": "place"}),
    "panel:consultation": _(PUBLIC, pk="consultation"),
    "panel:question_add": _(STAFF, pk="consultation"),
    "panel:question_remove": _(STAFF, pk="question"),
    "panel:invite": _(STAFF, pk="consultation"),
    "panel:paper": _(STAFF, pk="consultation"),
    "panel:results": _(PUBLIC, pk="consultation"),
    "panel:open_answers_csv": _(STAFF, pk="consultation"),
    # sortition
    "sortition:index": _(PUBLIC),
    "sortition:reply": _(PUBLIC),
    "sortition:check": _(PUBLIC),
    "sortition:draw_new": _(STAFF),
    "sortition:draw": _(PUBLIC, pk="draw"),
    "sortition:material": _(PUBLIC, pk="draw", number="selection_number"),
    "sortition:manage": _(STAFF, pk="draw"),
    "sortition:extract_upload": _(STAFF, pk="draw"),
    "sortition:extract_delete": _(STAFF, pk="draw"),
    "sortition:invitations": _(STAFF, pk="draw"),
    "sortition:letters": _(STAFF, pk="draw"),
    "sortition:reply_enter": _(STAFF, pk="draw"),
    "sortition:close_replies": _(STAFF, pk="draw"),
    "sortition:quotas": _(STAFF, pk="draw"),
    "sortition:selection_start": _(STAFF, pk="draw"),
    "sortition:relax": _(STAFF, pk="draw", number="selection_number"),
    "sortition:commit": _(STAFF, pk="draw", number="selection_number"),
    "sortition:reveal": _(STAFF, pk="draw", number="selection_number"),
    # The demo's draw has no replacement run: there is nothing to show, to anyone.
    "sortition:replacement_quotas": _(NOBODY, pk="draw", number="selection_number"),
    "sortition:replacement_start": _(STAFF, pk="draw"),
    "sortition:seat": _(STAFF, pk="draw", respondent_pk="respondent"),
    "sortition:release": _(STAFF, pk="draw", respondent_pk="respondent"),
    # deliberation
    "deliberation:index": _(PUBLIC),
    "deliberation:place": _(PUBLIC),
    "deliberation:place_calendar": _(PUBLIC),
    "deliberation:conversation_new": _(SPEAKERS, **{"?plaats": "place"}),
    "deliberation:conversation": _(PUBLIC, pk="conversation"),
    "deliberation:vote": _(PUBLIC, pk="conversation"),
    "deliberation:statement_add": _(PUBLIC, pk="conversation"),
    "deliberation:map": _(PUBLIC, pk="conversation"),
    "deliberation:moderate": _(STAFF, pk="conversation"),
    "deliberation:room": _(STAFF, pk="conversation"),
    "deliberation:statement_report": _(PUBLIC, pk="statement"),
    "deliberation:debate_new": _(SPEAKERS, **{"?plaats": "place"}),
    "deliberation:debate": _(PUBLIC, pk="debate"),
    # The debate is organised by Bewonersorganisatie Oosterpark (Erik).
    "deliberation:debate_summary": _(STAFF | {"org_rep"}, pk="debate"),
    "deliberation:debate_decision": _(STAFF, pk="debate"),
    "deliberation:argument_support": _(LOGGED_IN, pk="argument"),
    "deliberation:argument_hide": _(STAFF | {"org_rep"}, pk="argument"),
    "deliberation:meetings": _(PUBLIC),
    "deliberation:meeting_new": _(SPEAKERS, **{"?plaats": "place"}),
    "deliberation:meeting": _(PUBLIC, pk="meeting"),
    "deliberation:meeting_register": _(LOGGED_IN, pk="meeting"),
    # A meeting of the Coöperatieve Wijkraad: its members keep it.
    "deliberation:meeting_manage": _(STAFF | {"body_member"}, pk="meeting"),
    "deliberation:meeting_pdf": _(PUBLIC, pk="meeting"),
    "deliberation:document": _(PUBLIC, pk="document"),
    "deliberation:body": _(PUBLIC, pk="body"),
    "deliberation:body_calendar": _(PUBLIC, pk="body"),
    "deliberation:schedule_new": _(STAFF | {"body_member"}, pk="body"),
    # finance
    "finance:index": _(PUBLIC),
    "finance:line": _(PUBLIC, pk="line"),
    "finance:line_edit": _(STAFF, pk="line"),
    "finance:line_delete": _(STAFF, pk="line"),
    "finance:expenditure_new": _(STAFF, pk="line"),
    "finance:question_answer": _(STAFF, pk="line_question"),
    "finance:question_hide": _(STAFF, pk="line_question"),
    "finance:challenge": _(PUBLIC, pk="challenge"),
    "finance:challenge_sign": _(WIJK, pk="challenge"),
    "finance:challenge_unsign": _(WIJK, pk="challenge"),
    # Only who submitted it (Erik's organisation), never the municipality.
    "finance:challenge_withdraw": _(ADMIN | {"org_rep"}, pk="challenge"),
    "finance:challenge_paper": _(STAFF, pk="challenge"),
    "finance:challenge_admissibility": _(STAFF, pk="challenge"),
    "finance:challenge_assessment": _(STAFF, pk="challenge"),
    "finance:agreement": _(PUBLIC, pk="agreement_challenge"),
    "finance:agreement_pdf": _(PUBLIC, pk="agreement_challenge"),
    "finance:agreement_edit": _(STAFF, pk="agreement_challenge"),
    "finance:agreement_conclude": _(STAFF, pk="agreement_challenge"),
    "finance:progress_new": _(STAFF, pk="agreement_challenge"),
    "finance:evaluation_new": _(STAFF, pk="agreement_challenge"),
    "finance:offer": _(PUBLIC, pk="offer"),
    "finance:offer_withdraw": _(STAFF, pk="offer"),
    "finance:asset": _(PUBLIC, pk="asset"),
    # The municipality's decision on a nomination.
    "finance:asset_nomination": _(STAFF, pk="asset"),
    "finance:asset_disposal": _(STAFF, pk="asset"),
    # A bid is made for an organisation by those who speak for it.
    "finance:asset_bid": _(frozenset({"org_rep", "body_member"}), pk="asset"),
    "finance:asset_decide": _(STAFF, pk="asset"),
    "finance:asset_bid_withdraw": _(STAFF, pk="asset_bid"),
    "finance:municipality": _(PUBLIC),
    "finance:municipality_download": _(PUBLIC),
    "finance:import": _(STAFF),
    "finance:line_new": _(STAFF),
    "finance:settings": _(STAFF),
    "finance:challenges": _(PUBLIC),
    # Residents anywhere in the municipality may challenge for their own wijk.
    "finance:challenge_new": _(LOGGED_IN - {"council"}),
    "finance:offer_new": _(STAFF),
    "finance:assets": _(PUBLIC),
    "finance:asset_new": _(SPEAKERS),
    "finance:place": _(PUBLIC),
    "finance:place_download": _(PUBLIC),
    # notifications
    "notifications:mine": _(LOGGED_IN),
    "notifications:follow": _(LOGGED_IN),
    "notifications:unfollow": _(LOGGED_IN),
    "notifications:wijkkrant": _(PUBLIC),
    "notifications:wijkkrant_pdf": _(PUBLIC),
    "notifications:ideas_rss": _(PUBLIC),
    "notifications:ideas_atom": _(PUBLIC),
    "notifications:decisions_rss": _(PUBLIC),
    "notifications:decisions_atom": _(PUBLIC),
    # open data, publication, API
    "opendata:index": _(PUBLIC),
    "opendata:catalogue": _(PUBLIC),
    "opendata:download": _(PUBLIC, slug="dataset_slug"),
    "publication:index": _(PUBLIC),
    "publication:index_json": _(PUBLIC),
    "publication:rss": _(PUBLIC),
    "publication:atom": _(PUBLIC),
    "publication:schema": _(PUBLIC),
    "publication:detail": _(PUBLIC, kind="publication_kind", pk="publication_pk"),
    "publication:pdf": _(PUBLIC, kind="publication_kind", pk="publication_pk"),
    "publication:json": _(PUBLIC, kind="publication_kind", pk="publication_pk"),
    "publication:metadata": _(PUBLIC, kind="publication_kind", pk="publication_pk"),
    "api-v1:openapi-json": _(PUBLIC),
    "api-v1:openapi-view": _(PUBLIC),
    "api-v1:api-root": _(NOBODY),
    "api-tokens": _(LOGGED_IN),
    "api-token-revoke": _(NOBODY, pk="api_token"),
    # accounts (ours and allauth's)
    "accounts:profile": _(LOGGED_IN),
    "accounts:export": _(LOGGED_IN),
    "accounts:erase": _(LOGGED_IN),
    "account_login": _(PUBLIC),
    "account_logout": _(PUBLIC),
    "account_inactive": _(PUBLIC),
    "account_signup": _(PUBLIC),
    "account_reauthenticate": _(LOGGED_IN),
    "account_email": _(LOGGED_IN),
    "account_email_verification_sent": _(PUBLIC),
    "account_change_password": _(LOGGED_IN),
    "account_set_password": _(LOGGED_IN),
    "account_reset_password": _(PUBLIC),
    # Steps of a login in progress: without one, anonymous visitors go back to the login.
    "account_confirm_login_code": _(LOGGED_IN),
    "account_confirm_email": _(PUBLIC),
    "account_reset_password_from_key_done": _(PUBLIC),
    "account_reset_password_from_key": _(PUBLIC),
    "account_reset_password_done": _(PUBLIC),
    "mfa_index": _(LOGGED_IN),
    "mfa_authenticate": _(LOGGED_IN),
    "mfa_reauthenticate": _(LOGGED_IN),
    "mfa_activate_totp": _(LOGGED_IN),
    # Only who has an authenticator: the privileged roles.
    "mfa_deactivate_totp": _(frozenset({"official", "council", "admin"})),
    # Nobody in the demo has recovery codes.
    "mfa_view_recovery_codes": _(NOBODY),
    "mfa_generate_recovery_codes": _(LOGGED_IN),
    "mfa_download_recovery_codes": _(NOBODY),
    "set_language": _(PUBLIC),
}

# The admin site (/beheer/): staff only, every page of it but its login. The administrator may
# still be refused some of it: the admin withholds adding or deleting what only services may
# write (audit entries, trajectories, voting codes, ...).
ADMIN_NAMESPACE = "admin:"
ADMIN_ACCESS = ADMIN
ADMIN_PUBLIC = {"admin:login", "admin:logout"}


# The JSON API (/api/v1/): reading is public by design (issue 9: "read access to everything
# public"); what it returns is checked by the leak test, and its write operations by
# test_api_write_operations_refuse_anonymous_callers (from the OpenAPI document). A GET on
# the path of a write-only operation answers 405.
API_NAMESPACE = "api-v1:"
API_OWN = {"api-v1:openapi-json", "api-v1:openapi-view", "api-v1:api-root"}


def expectation(name: str):
    """(access, objects) for a URL name, or None when the page is not classified."""
    if name in ADMIN_PUBLIC:
        return PUBLIC, {}
    if name.startswith(ADMIN_NAMESPACE):
        return ADMIN_ACCESS, {}
    if name.startswith(API_NAMESPACE) and name not in API_OWN:
        return PUBLIC, {}
    return EXPECT.get(name)
