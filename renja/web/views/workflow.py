"""The workflow's screens: one URL per action on a plan (a POST; `kembalikan` first shows its form) and the
comparison of two stages. The rules live in renja/workflow; these views only read the request and answer."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render

from renja.plans.models import Renja
from renja.plans.view import build_view
from renja.rules import stored
from renja.workflow.diff import compare as compare_views
from renja.workflow.revision import other_stages
from renja.workflow.transitions import ACTIONS, SUCCESS, WorkflowRefused, allowed_actions, perform, refusals

from .. import access

STAGE_ORDER = {tahap: i for i, tahap in enumerate(Renja.Tahap.values)}  # the order stages follow in a year


def actions_context(renja, user):
    """What the include "web/workflow/actions.html" needs, for the pages that show a plan."""
    return {"renja": renja, "actions": allowed_actions(renja, user), "other_stages": other_stages(renja, user)}


@login_required
def act(request, renja_id, action):
    renja = access.get_renja(request.user, renja_id)
    chosen = ACTIONS.get(action)
    if chosen is None:
        raise Http404("Aksi alur kerja tidak dikenal.")
    if request.method == "GET" and chosen.needs_reason:
        return _reason_form(request, renja, chosen)
    if request.method != "POST":
        return HttpResponseNotAllowed(["GET", "POST"] if chosen.needs_reason else ["POST"])

    reason, comments = "", []
    if chosen.needs_reason:
        reason = request.POST.get("alasan", "")
        comments = _posted_comments(request.POST)
    try:
        result = perform(renja, request.user, action, reason=reason, comments=comments)
    except WorkflowRefused as refused:
        if refused.field == "alasan":
            return _reason_form(request, renja, chosen, errors=refused.errors, status=400)
        for error in refused.errors:
            messages.error(request, error)
        return redirect("web:renja", renja_id=renja.pk)
    messages.success(request, SUCCESS[action])
    return redirect("web:renja", renja_id=result.pk)


def _posted_comments(post):
    """(row, text) for every non-blank `komentar-<level>-<id>` field; one query per level. Whether each row
    belongs to this plan is the workflow's check (transitions.perform refuses another plan's rows)."""
    wanted = {}
    for name, text in post.items():
        if not name.startswith("komentar-") or not text.strip():
            continue
        level, _, row_id = name.removeprefix("komentar-").rpartition("-")
        if level in access.ROW_LEVELS and row_id.isdecimal():
            wanted.setdefault(level, {})[int(row_id)] = text
    comments = []
    for level, texts in wanted.items():
        model = access.ROW_LEVELS[level][0]
        for row in model.objects.filter(pk__in=texts):
            comments.append((row, texts[row.pk]))
    return comments


def _reason_form(request, renja, action, errors=(), status=200):
    """The form of an action that needs a reason: the reason, and a comment box on every row of the plan.
    Shown (with why) but without its button to someone who may not take the action now."""
    view = build_view(renja)
    findings = stored.findings(renja)
    posted = request.POST if request.method == "POST" else {}
    rows = []
    for node in view.nodes():
        name = f"komentar-{node.level.replace('_', '-')}-{node.id}"
        rows.append({"node": node, "name": name, "text": posted.get(name, "")})
    return render(request, "web/workflow/reason_form.html", {
        "renja": renja, "action": action, "rows": rows, "errors": list(errors),
        "refused": refusals(renja, request.user, action.name),
        "reason": posted.get("alasan", ""),
        "error_count": sum(1 for f in findings if f.severity == "error"),
        "warning_count": sum(1 for f in findings if f.severity == "warning"),
    }, status=status)


@login_required
def compare(request, renja_id, other_id):
    """Two plans the user may see, the earlier stage first whatever the order in the URL."""
    plans = [access.get_renja(request.user, renja_id), access.get_renja(request.user, other_id)]
    old, new = sorted(plans, key=lambda r: (r.tahun, STAGE_ORDER.get(r.tahap, 99), r.dibuat_pada, r.pk))
    comparison = compare_views(build_view(old), build_view(new))
    return render(request, "web/workflow/compare.html", {
        "renja": plans[0], "old": old, "new": new, "comparison": comparison,
    })
