from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, Q
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from samenspel.agenda.models import ActionItem
from samenspel.core import exports
from samenspel.core.forms import add_service_errors
from samenspel.core.forms import run_service as _run
from samenspel.places.models import NEIGHBOURHOOD_KINDS, Municipality, Place

from . import services
from .archetypes import ARCHETYPES
from .document import export_version
from .exports import SCOPE_ITEM_COLUMNS
from .forms import (
    ActionForm,
    ActionStatusForm,
    AnswersForm,
    BlankSpotForm,
    CouncilDecisionForm,
    EvidenceForm,
    LessonFilterForm,
    LessonForm,
    ParticipantForm,
    ResolveBlankSpotForm,
    RoleMatrixForm,
    ScopeItemForm,
    SessionForm,
    SignForm,
    TrajectoryForm,
    VersionDetailsForm,
)
from .models import (
    EDITABLE_STATUSES,
    Answer,
    BlankSpot,
    BlankSpotStatus,
    BuildingBlock,
    CompassPoint,
    ConversationSession,
    Evaluation,
    Lesson,
    Phase,
    PraatplaatQuestion,
    Safeguard,
    SafeguardCommitment,
    SayLevel,
    ScopeItem,
    SessionPurpose,
    SignatureSide,
    Step,
    Trajectory,
    VersionStatus,
)
from .overview import council_overview, version_sections

# --- Public pages -------------------------------------------------------------------------


def index(request):
    trajectories = (
        Trajectory.objects.select_related("place", "place__municipality")
        .prefetch_related("agreement__versions")
        .order_by("place__municipality__name", "place__name")
    )
    can_start = (
        [
            p
            for p in Place.objects.filter(kind__in=NEIGHBOURHOOD_KINDS).select_related("municipality")
            if request.user.has_perm("agreements.run_trajectory", p)
        ]
        if request.user.is_authenticated
        else []
    )
    return render(
        request,
        "agreements/index.html",
        {
            "trajectories": trajectories,
            "archetypes": ARCHETYPES,
            "startable_places": can_start,
            "municipalities": Municipality.objects.order_by("name"),
        },
    )


def praatplaat(request):
    questions = PraatplaatQuestion.objects.filter(active=True)
    blocks = [
        {"key": key, "label": label, "questions": [q for q in questions if q.building_block == key]}
        for key, label in BuildingBlock.choices
    ]
    return render(
        request,
        "agreements/praatplaat.html",
        {
            "blocks": blocks,
            "archetypes": ARCHETYPES,
            "safeguards": Safeguard.objects.all(),
            "compass_points": CompassPoint.choices,
        },
    )


def lessons(request):
    form = LessonFilterForm(request.GET or None)
    qs = Lesson.objects.select_related("place")
    if form.is_valid():
        if form.cleaned_data["kompas"]:
            qs = qs.filter(compass_point=form.cleaned_data["kompas"])
        if form.cleaned_data["q"]:
            q = form.cleaned_data["q"]
            qs = qs.filter(Q(text__icontains=q) | Q(experiment__icontains=q))
    groups = [
        {"key": key, "label": label, "lessons": [lesson for lesson in qs if lesson.compass_point == key]}
        for key, label in CompassPoint.choices
    ]
    return render(request, "agreements/lessons.html", {"form": form, "groups": groups, "count": len(qs)})


def council(request, municipality):
    municipality = get_object_or_404(Municipality, slug=municipality)
    return render(
        request,
        "agreements/council.html",
        {
            "municipality": municipality,
            **council_overview(municipality),
            "can_record": request.user.has_perm("agreements.record_council_decision", municipality),
        },
    )


def trajectory_detail(request, pk):
    trajectory = get_object_or_404(Trajectory.objects.select_related("place", "place__municipality", "contact"), pk=pk)
    user = request.user
    runs = user.has_perm("agreements.run_trajectory", trajectory)
    versions = list(trajectory.agreement.versions.all()) if hasattr(trajectory, "agreement") else []
    spots = trajectory.blank_spots.select_related("question").prefetch_related("actions")
    return render(
        request,
        "agreements/trajectory.html",
        {
            "trajectory": trajectory,
            "participants": trajectory.participants.select_related("organisation"),
            "sessions": trajectory.sessions.all(),
            "blank_spots": spots,
            "open_spots": [s for s in spots if s.status == BlankSpotStatus.OPEN],
            "versions": versions,
            "current": versions[0] if versions else None,
            "actions": ActionItem.objects.filter(trajectory=trajectory).select_related("scope_item"),
            "runs": runs,
            "can_answer": user.has_perm("agreements.answer", trajectory),
            "participant_form": ParticipantForm(place=trajectory.place) if runs else None,
            "blank_spot_form": BlankSpotForm() if runs else None,
            "steps": [(s, label) for s, label in Step.choices if s != Step.CLOSED],
            "next_steps": sorted(services.STEP_TRANSITIONS.get(trajectory.step, ())),
            "step_labels": dict(Step.choices),
            "archetypes": ARCHETYPES,
        },
    )


def session_detail(request, pk):
    session = get_object_or_404(ConversationSession.objects.select_related("trajectory", "trajectory__place"), pk=pk)
    trajectory = session.trajectory
    user = request.user
    runs = user.has_perm("agreements.run_trajectory", trajectory)
    can_answer = user.has_perm("agreements.answer", trajectory)
    level = trajectory.desired_level
    questions = list(services.questions_for(level, session.purpose))
    existing = {a.question_id: a for a in session.answers.all()}
    evaluating = session.purpose == SessionPurpose.EVALUATE
    form = None
    if can_answer:
        form = AnswersForm(
            request.POST or None,
            questions=questions,
            existing=existing,
            with_score=evaluating,
            staff=runs,
        )
        if request.method == "POST" and form.is_valid():
            _result, ok = _run(
                request,
                services.save_answers,
                form,
                session=session,
                answers=form.answers(),
                channel=form.cleaned_data.get("channel", "online"),
                on_behalf_of=form.cleaned_data.get("on_behalf_of", ""),
            )
            if ok:
                if evaluating and hasattr(session, "evaluation"):
                    services.refresh_evaluation(user=user, evaluation=session.evaluation)
                messages.success(request, _("The answers have been saved. Unclear points are now blank spots."))
                return redirect(session.get_absolute_url())
    answers = Answer.objects.filter(session=session).select_related("question")
    blocks = [
        {"key": key, "label": label, "answers": [a for a in answers if a.question.building_block == key]}
        for key, label in BuildingBlock.choices
    ]
    return render(
        request,
        "agreements/session.html",
        {
            "session": session,
            "trajectory": trajectory,
            "form": form,
            "blocks": blocks,
            "questions_total": len(questions),
            "answered": len(existing),
            "runs": runs,
            "block_labels": dict(BuildingBlock.choices),
            "evaluating": evaluating,
        },
    )


def version_detail(request, pk):
    version = get_object_or_404(_versions(), pk=pk)
    user = request.user
    fmt = exports.requested_format(request)
    if fmt:
        items = ScopeItem.objects.filter(version=version).select_related("version__agreement__trajectory__place")
        return exports.export_response(
            request,
            fmt,
            SCOPE_ITEM_COLUMNS,
            items.order_by("order", "pk"),
            filename=f"afspraken-{version.agreement_id}-versie-{version.number}",
            title=_("Agreements"),
        )
    runs = user.has_perm("agreements.run_trajectory", version)
    sides = [
        side
        for side in SignatureSide.values
        if user.has_perm(f"agreements.sign_for_{side}", version) and not version.signatures.filter(side=side).exists()
    ]
    return render(
        request,
        "agreements/version.html",
        {
            "version": version,
            "trajectory": version.trajectory,
            **version_sections(version),
            "runs": runs,
            "editable": version.status in EDITABLE_STATUSES and runs,
            "can_sign": bool(sides) and version.status == VersionStatus.CONGRUENT,
            "can_record_decision": user.has_perm("agreements.record_council_decision", version.trajectory.place.root),
            "phases": Phase.choices,
            "other_versions": version.agreement.versions.exclude(pk=version.pk),
            "export_links": exports.format_links(request),
        },
    )


def version_card(request, pk):
    version = get_object_or_404(_versions(), pk=pk)
    return render(
        request,
        "agreements/card.html",
        {
            "version": version,
            "trajectory": version.trajectory,
            **version_sections(version),
            "phases": Phase.choices,
        },
    )


def version_card_pdf(request, pk):
    from .card import render_card_pdf

    version = get_object_or_404(_versions(), pk=pk)
    pdf = render_card_pdf(version, request=request)
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"afsprakenkaart-{version.trajectory.place.slug}-v{version.number}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


def version_json(request, pk):
    version = get_object_or_404(_versions(), pk=pk)
    response = JsonResponse(export_version(version), json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = (
        f'attachment; filename="afspraken-{version.trajectory.place.slug}-v{version.number}.json"'
    )
    return response


def evaluation_detail(request, pk):
    evaluation = get_object_or_404(
        Evaluation.objects.select_related("version", "version__agreement__trajectory__place", "session"), pk=pk
    )
    runs = request.user.has_perm("agreements.run_trajectory", evaluation.version)
    form = LessonForm(request.POST or None) if runs else None
    if form is not None and request.method == "POST" and form.is_valid():
        _lesson, ok = _run(request, services.add_lesson, form, evaluation=evaluation, **form.cleaned_data)
        if ok:
            messages.success(request, _("The lesson has been added to the lessons register."))
            return redirect(evaluation.get_absolute_url())
    scores = [{"key": key, "label": label, **evaluation.scores.get(key, {})} for key, label in CompassPoint.choices]
    indicators = [{**ind, "label": INDICATOR_LABELS.get(ind["key"], ind["key"])} for ind in evaluation.indicators]
    return render(
        request,
        "agreements/evaluation.html",
        {
            "evaluation": evaluation,
            "version": evaluation.version,
            "trajectory": evaluation.version.trajectory,
            "scores": scores,
            "indicators": indicators,
            "lessons": evaluation.lessons.all(),
            "form": form,
            "runs": runs,
            "compass_labels": dict(CompassPoint.choices),
        },
    )


INDICATOR_LABELS = {
    "channels": gettext_lazy("online and offline channels used"),
    "participant_kinds": gettext_lazy("kinds of participants"),
    "people_reached": gettext_lazy("people at the conversations"),
    "published_signed": gettext_lazy("agreement signed and public"),
    "safeguards_with_evidence": gettext_lazy("safeguards with evidence"),
    "actions_on_time": gettext_lazy("actions done on time"),
    "council_decision": gettext_lazy("council decision where needed"),
    "questions_answered": gettext_lazy("questions answered clearly"),
    "blank_spots_resolved": gettext_lazy("blank spots resolved"),
}


def _versions():
    return services.AgreementVersion.objects.select_related(
        "agreement__trajectory__place__municipality", "council_decision"
    ).prefetch_related(
        Prefetch("scope_items", queryset=ScopeItem.objects.prefetch_related("roles", "instruments", "actions")),
        "signatures",
    )


# --- Running a trajectory (area team, facilitators) --------------------------------------


def _trajectory_for_staff(request, pk):
    trajectory = get_object_or_404(Trajectory.objects.select_related("place"), pk=pk)
    if not request.user.has_perm("agreements.run_trajectory", trajectory):
        raise PermissionDenied
    return trajectory


def _version_for_staff(request, pk):
    version = get_object_or_404(_versions(), pk=pk)
    if not request.user.has_perm("agreements.run_trajectory", version):
        raise PermissionDenied
    return version


@login_required
def trajectory_new(request):
    place = get_object_or_404(Place, pk=request.GET.get("plaats") or request.POST.get("plaats") or 0)
    if not place.is_neighbourhood:
        raise Http404
    if not request.user.has_perm("agreements.run_trajectory", place):
        raise PermissionDenied
    form = TrajectoryForm(
        request.POST or None, initial={"title": _("Neighbourhood democracy in %(place)s") % {"place": place.name}}
    )
    if request.method == "POST" and form.is_valid():
        trajectory, ok = _run(request, services.start_trajectory, form, place=place, **form.cleaned_data)
        if ok:
            messages.success(
                request, _("The trajectory has started. Add the participants and plan the first conversation.")
            )
            return redirect(trajectory.get_absolute_url())
    return render(request, "agreements/trajectory_form.html", {"form": form, "place": place})


@login_required
@require_POST
def participant_add(request, pk):
    trajectory = _trajectory_for_staff(request, pk)
    form = ParticipantForm(request.POST, place=trajectory.place)
    if form.is_valid():
        _p, ok = _run(request, services.add_participant, None, trajectory=trajectory, **form.cleaned_data)
        if ok:
            messages.success(request, _("The participant has been added."))
    else:
        messages.error(request, _("Choose how the participant takes part and give a name or organisation."))
    return redirect(f"{trajectory.get_absolute_url()}#participants")


@login_required
@require_POST
def step_change(request, pk):
    trajectory = _trajectory_for_staff(request, pk)
    _t, ok = _run(request, services.set_step, None, trajectory=trajectory, step=request.POST.get("step", ""))
    if ok:
        messages.success(
            request, _("The trajectory is now in step: %(step)s.") % {"step": trajectory.get_step_display()}
        )
    return redirect(trajectory.get_absolute_url())


@login_required
def session_new(request, pk):
    trajectory = _trajectory_for_staff(request, pk)
    purpose = SessionPurpose.DISCUSS
    form = SessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        session, ok = _run(
            request, services.record_session, form, trajectory=trajectory, purpose=purpose, **form.cleaned_data
        )
        if ok:
            messages.success(request, _("The conversation has been recorded. Now fill in the answers."))
            return redirect(session.get_absolute_url())
    return render(request, "agreements/session_form.html", {"form": form, "trajectory": trajectory})


@login_required
@require_POST
def blank_spot_add(request, pk):
    trajectory = _trajectory_for_staff(request, pk)
    form = BlankSpotForm(request.POST)
    if form.is_valid():
        _s, ok = _run(request, services.add_blank_spot, None, trajectory=trajectory, **form.cleaned_data)
        if ok:
            messages.success(request, _("The blank spot has been added."))
    return redirect(f"{trajectory.get_absolute_url()}#blank-spots")


@login_required
def blank_spot_resolve(request, pk):
    spot = get_object_or_404(BlankSpot.objects.select_related("trajectory", "question"), pk=pk)
    if not request.user.has_perm("agreements.run_trajectory", spot.trajectory):
        raise PermissionDenied
    form = ResolveBlankSpotForm(request.POST or None, initial={"due_date": services.default_due_date()})
    if request.method == "POST" and form.is_valid():
        _s, ok = _run(request, services.resolve_blank_spot, form, spot=spot, **form.cleaned_data)
        if ok:
            messages.success(request, _("The blank spot has been resolved."))
            return redirect(f"{spot.trajectory.get_absolute_url()}#blank-spots")
    return render(
        request, "agreements/blank_spot_form.html", {"form": form, "spot": spot, "trajectory": spot.trajectory}
    )


@login_required
@require_POST
def agreement_start(request, pk):
    trajectory = _trajectory_for_staff(request, pk)
    version, ok = _run(request, services.start_agreement, None, trajectory=trajectory)
    if ok:
        messages.success(request, _("The draft agreement has been created. Add what the neighbourhood has a say over."))
        return redirect(version.get_absolute_url())
    return redirect(trajectory.get_absolute_url())


@login_required
def version_details(request, pk):
    version = _version_for_staff(request, pk)
    fields = list(VersionDetailsForm.base_fields)
    form = VersionDetailsForm(request.POST or None, initial={f: getattr(version, f) for f in fields})
    if request.method == "POST" and form.is_valid():
        _v, ok = _run(request, services.save_version_details, form, version=version, **form.cleaned_data)
        if ok:
            messages.success(request, _("Saved."))
            return redirect(f"{version.get_absolute_url()}#details")
    return render(request, "agreements/version_details_form.html", {"form": form, "version": version})


@login_required
def scope_item_edit(request, pk, item_pk=None):
    version = _version_for_staff(request, pk)
    item = get_object_or_404(ScopeItem, pk=item_pk, version=version) if item_pk else None
    initial = {}
    if item:
        initial = {f: getattr(item, f) for f in ScopeItemForm.base_fields if hasattr(item, f)}
        initial["instruments"] = list(item.instruments.values_list("code", flat=True))
        initial["budget_euros"] = item.budget_cents / 100 if item.budget_cents is not None else None
    form = ScopeItemForm(request.POST or None, initial=initial, prefix="item")
    roles = RoleMatrixForm(request.POST or None, roles=item.roles.all() if item else (), prefix="role")
    if request.method == "POST" and form.is_valid() and roles.is_valid():
        try:
            with services.transaction.atomic():
                saved = services.save_scope_item(user=request.user, version=version, item=item, **form.service_fields())
                services.set_roles(user=request.user, item=saved, assignments=roles.assignments())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The scope item has been saved."))
            return redirect(f"{version.get_absolute_url()}#item-{saved.pk}")
    return render(
        request,
        "agreements/scope_item_form.html",
        {
            "form": form,
            "roles": roles,
            "version": version,
            "item": item,
            "phases": Phase.choices,
            "archetypes": ARCHETYPES,
        },
    )


@login_required
@require_POST
def scope_item_remove(request, pk, item_pk):
    version = _version_for_staff(request, pk)
    item = get_object_or_404(ScopeItem, pk=item_pk, version=version)
    _r, ok = _run(request, services.remove_scope_item, None, item=item)
    if ok:
        messages.success(request, _("The scope item has been removed."))
    return redirect(version.get_absolute_url())


@login_required
def safeguards_edit(request, pk, item_pk=None):
    version = _version_for_staff(request, pk)
    item = get_object_or_404(ScopeItem, pk=item_pk, version=version) if item_pk else None
    commitments = {
        c.safeguard.code: c for c in version.safeguard_commitments.filter(scope_item=item).select_related("safeguard")
    }
    level = item.level if item else max([i.level for i in version.scope_items.all()] or [1])
    if request.method == "POST":
        codes = request.POST.getlist("safeguard")
        notes = {code: request.POST.get(f"note_{code}", "") for code in codes}
        _r, ok = _run(
            request, services.set_safeguards, None, version=version, codes=codes, scope_item=item, notes=notes
        )
        if ok:
            messages.success(request, _("The safeguards have been saved."))
            anchor = f"item-{item.pk}" if item else "safeguards"
            return redirect(f"{version.get_absolute_url()}#{anchor}")
    groups = []
    for key, label in CompassPoint.choices:
        rows = []
        for s in Safeguard.objects.filter(compass_point=key):
            rows.append(
                {
                    "safeguard": s,
                    "required": s.min_level is not None and s.min_level <= level,
                    "recommended": s.recommended_from is not None
                    and s.recommended_from <= level
                    and not (s.min_level is not None and s.min_level <= level),
                    "committed": s.code in commitments,
                    "note": commitments[s.code].note if s.code in commitments else "",
                }
            )
        groups.append({"label": label, "rows": rows})
    return render(
        request,
        "agreements/safeguards_form.html",
        {
            "version": version,
            "item": item,
            "groups": groups,
            "level": level,
            "level_label": SayLevel(level).label,
        },
    )


@login_required
def action_new(request, pk):
    version = _version_for_staff(request, pk)
    form = ActionForm(
        request.POST or None,
        version=version,
        initial={
            "due_date": services.default_due_date(),
            "scope_item": request.GET.get("domein"),
            "title": request.GET.get("titel", ""),
        },
    )
    if request.method == "POST" and form.is_valid():
        _a, ok = _run(request, services.add_action, form, version=version, **form.cleaned_data)
        if ok:
            messages.success(request, _("The action has been added."))
            return redirect(f"{version.get_absolute_url()}#actions")
    return render(request, "agreements/action_form.html", {"form": form, "version": version})


@login_required
@require_POST
def action_status(request, pk):
    # Only actions of a trajectory or its agreement; the wijkagenda's own actions have their own page.
    action = get_object_or_404(
        ActionItem.objects.select_related("place", "version", "trajectory"), pk=pk, trajectory__isnull=False
    )
    form = ActionStatusForm(request.POST)
    if form.is_valid():
        _run(request, services.set_action_status, None, action=action, status=form.cleaned_data["status"])
    target = action.version or action.trajectory
    return redirect(f"{target.get_absolute_url()}#actions")


@login_required
@require_POST
def version_check(request, pk):
    version = _version_for_staff(request, pk)
    report, ok = _run(request, services.submit_for_review, None, version=version)
    if ok:
        if report.congruent:
            messages.success(
                request,
                _("The agreement is congruent: the democratic process fits the say agreed. It can now be signed."),
            )
        else:
            messages.warning(request, _("The agreement is not yet congruent. See what is missing below."))
    return redirect(f"{version.get_absolute_url()}#check")


@login_required
@require_POST
def version_reopen(request, pk):
    version = _version_for_staff(request, pk)
    _run(request, services.reopen, None, version=version)
    return redirect(version.get_absolute_url())


@login_required
def version_sign(request, pk):
    version = get_object_or_404(_versions(), pk=pk)
    sides = [
        side
        for side in SignatureSide.values
        if request.user.has_perm(f"agreements.sign_for_{side}", version)
        and not version.signatures.filter(side=side).exists()
    ]
    if not sides:
        raise PermissionDenied
    form = SignForm(
        request.POST or None, sides=sides, initial={"name_shown": request.user.public_name, "side": sides[0]}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        _s, ok = _run(
            request,
            services.sign,
            form,
            version=version,
            side=data["side"],
            name_shown=data["name_shown"],
            capacity=data["capacity"],
        )
        if ok:
            messages.success(request, _("Thank you. Your signature has been recorded."))
            return redirect(f"{version.get_absolute_url()}#signatures")
    return render(request, "agreements/sign_form.html", {"form": form, "version": version, **version_sections(version)})


@login_required
def council_decision_new(request, municipality):
    municipality = get_object_or_404(Municipality, slug=municipality)
    if not request.user.has_perm("agreements.record_council_decision", municipality):
        raise PermissionDenied
    waiting = services.AgreementVersion.objects.filter(
        status=VersionStatus.AWAITING_COUNCIL,
        agreement__trajectory__place__municipality=municipality,
    ).select_related("agreement__trajectory__place")
    picked = request.POST.getlist("versions") if request.method == "POST" else request.GET.getlist("versie")
    chosen = [v for v in waiting if str(v.pk) in picked]
    form = CouncilDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        _d, ok = _run(
            request,
            services.record_council_decision,
            form,
            municipality=municipality,
            versions=chosen,
            **form.cleaned_data,
        )
        if ok:
            messages.success(request, _("The council decision has been recorded."))
            return redirect("agreements:council", municipality=municipality.slug)
    return render(
        request,
        "agreements/council_decision_form.html",
        {
            "form": form,
            "municipality": municipality,
            "waiting": waiting,
            "chosen": {v.pk for v in chosen},
        },
    )


@login_required
@require_POST
def version_activate(request, pk):
    version = _version_for_staff(request, pk)
    _v, ok = _run(request, services.activate, None, version=version)
    if ok:
        messages.success(request, _("The agreement is now in force. The trajectory moves on to step 3."))
    return redirect(version.get_absolute_url())


@login_required
@require_POST
def version_revise(request, pk):
    version = _version_for_staff(request, pk)
    new, ok = _run(request, services.revise, None, version=version)
    if ok:
        messages.success(
            request, _("A new draft version has been made. The current version stays in force until the new one is.")
        )
        return redirect(new.get_absolute_url())
    return redirect(version.get_absolute_url())


@login_required
@require_POST
def evaluation_new(request, pk):
    version = _version_for_staff(request, pk)
    evaluation, ok = _run(request, services.start_evaluation, None, version=version)
    if ok:
        messages.success(request, _("The evaluation has started. Fill in the reflection with the participants."))
        return redirect(evaluation.get_absolute_url())
    return redirect(version.get_absolute_url())


@login_required
@require_POST
def evaluation_finish(request, pk):
    evaluation = get_object_or_404(Evaluation.objects.select_related("version"), pk=pk)
    if not request.user.has_perm("agreements.run_trajectory", evaluation.version):
        raise PermissionDenied
    continue_as_is = request.POST.get("outcome") == "continue"
    result, ok = _run(request, services.finish_evaluation, None, evaluation=evaluation, continue_as_is=continue_as_is)
    if ok:
        return redirect(result.get_absolute_url())
    return redirect(evaluation.get_absolute_url())


@login_required
def evidence_new(request, pk):
    commitment = get_object_or_404(SafeguardCommitment.objects.select_related("version", "safeguard"), pk=pk)
    if not request.user.has_perm("agreements.run_trajectory", commitment.version):
        raise PermissionDenied
    form = EvidenceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        _e, ok = _run(request, services.record_evidence, form, commitment=commitment, **form.cleaned_data)
        if ok:
            messages.success(request, _("The evidence has been recorded."))
            return redirect(f"{commitment.version.get_absolute_url()}#safeguards")
    return render(request, "agreements/evidence_form.html", {"form": form, "commitment": commitment})
