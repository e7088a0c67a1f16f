"""Two pages in the app's own HTML: the API's documentation (the OpenAPI schema listed, no script: the site's
CSP allows none from elsewhere) and the user's personal tokens (made, shown once, revoked)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from drf_spectacular.generators import SchemaGenerator

from .models import TokenApi
from .tokens import create_token, revoke

METHODS = ("get", "post", "put", "patch", "delete")


def _operations(schema):
    for route, item in schema.get("paths", {}).items():
        for method in METHODS:
            op = item.get(method)
            if op is None:
                continue
            params = [p for p in op.get("parameters", []) if p.get("in") == "query"]
            yield {"method": method.upper(), "path": route, "summary": op.get("summary", ""),
                   "description": op.get("description", ""), "tag": (op.get("tags") or ["lain"])[0],
                   "query": [(p["name"], p.get("description", "")) for p in params]}


def docs(request):
    schema = SchemaGenerator().get_schema(request=None, public=True)
    groups = {}
    for op in _operations(schema):
        groups.setdefault(op["tag"], []).append(op)
    return render(request, "api/docs.html", {
        "groups": sorted(groups.items()), "schema_url": reverse("api:schema"),
        "info": schema.get("info", {}), "base": request.build_absolute_uri("/api/v1/"),
        "token_url": reverse("web:token_api"),
    })


@login_required
def tokens(request):
    shown = None
    if request.method == "POST":
        if request.POST.get("aksi") == "cabut":
            try:
                token_id = int(request.POST.get("id") or 0)
            except ValueError:
                token_id = 0
            if revoke(request.user, token_id):
                messages.success(request, "Token dicabut: token itu tidak dapat dipakai lagi.")
            else:
                messages.error(request, "Token tidak ditemukan atau sudah dicabut.")
            return redirect("web:token_api")
        token, shown = create_token(request.user, request.POST.get("nama", ""))
    return render(request, "api/tokens.html", {
        "tokens": TokenApi.objects.filter(user=request.user), "shown": shown,
        "docs_url": reverse("api:docs"),
    })
