"""The authorization matrix: every URL pattern of the installation (renja.urls: the app, Django's admin, and any
app added later) × every role × target (own PD / other PD of the Pemda / other Pemda / none) × GET and POST.

Each cell's expected status comes from `expected` below, written by hand from the rules (who sees which PD),
not from the code under test. Every body a user receives (HTML, JSON, and the text of XLSX/DOCX/PDF downloads)
is searched for the markers of the plans they may not see (PD names, and a sub kegiatan renamed per plan);
the refused cells run between two snapshots of the database, which must be equal.

Adding a URL: the test fails naming the pattern until it has an entry.
- a web-style URL (`web:…`, `api:…`, later `data:…`): one line in `ROUTES`, `"namespace:name": KIND`, where
  KIND is PUBLIC (anyone, signed in or not), ANY (any signed-in user), PLAN (names a plan or its PD: `renja_id`,
  `pd_id`, `import_id`), or PEMDA (names a Pemda: `pemda_id`). A new URL parameter needs a value in `FILL`.
- an open data URL (`data:…`, anyone, signed in or not): kind PUBLIC for a page naming nothing, OPEN for one that
  names a plan (`renja_id`) or a Pemda-year (`pemda_id`, `tahun`); they are walked by `test_the_open_data_matrix`,
  where only a set (Ditetapkan) plan of a Pemda with open data on answers, for every role, and no body holds a
  marker of any other plan nor a signatory's name or NIP.
- API URLs of a plan are filled in by tests/api/urls.py; an anonymous API call is a 401, not the login page.
- an admin model: one line in `ADMIN_MODELS`, `"app_label.model": KIND` (PD: rows of a PD, found through the
  ModelAdmin's `pd_path`; SHARED: reference or system rows, no PD target). Its changelist/add/change/
  delete/history URLs are then walked with real object ids.
- a site-level admin URL: one line in `ADMIN_SITE`.
The size is printed (`pytest -s`) and kept in `SIZE` for the assertion on the floor.
"""

import io
import json
import subprocess
import zipfile

import pytest
from django.apps import apps
from django.contrib import admin
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from renja.opendata import export as open_data
from renja.opendata import urls as data_urls
from renja.organizations.models import Pemda
from renja.organizations.scoping import scope
from renja.plans.models import Renja, SubKegiatan
from renja.web.views import cycle
from tests.api.urls import api_urls_of_plan
from tests.web.people import PROVINCE, add_admins, make_world
from tests.web.test_isolation import pemda_urls, upload_of, urls_of_plan

pytestmark = pytest.mark.django_db

PUBLIC, ANY, PLAN, PEMDA, ADMIN, PD, SHARED = "public", "any", "plan", "pemda", "admin", "pd", "shared"
# the province / Pemda dashboard for a Pemda named in its query (?pemda=<kode>); requested without a form (a GET's
# data would replace the query)
ROLLUP = "rollup"
OPEN = "open"

ROUTES = {
    "web:home": ANY, "web:login": PUBLIC, "web:logout": PUBLIC, "web:peringkat": ANY,
    "web:dashboard": PLAN, "web:unggah_renja": PLAN, "web:susun_renja": PLAN, "web:renstra": PLAN,
    "web:renstra_baris": PLAN, "web:renstra_alur": PLAN, "web:renstra_unduh": PLAN, "web:unggahan": PLAN,
    "web:unggahan_status": PLAN, "web:renja": PLAN, "web:tambah_sub": PLAN, "web:baris": PLAN,
    "web:hapus_baris": PLAN, "web:temuan": PLAN, "web:unduh": PLAN, "web:unduh_data": PLAN,
    "web:unduh_status": PLAN, "web:unduh_evaluasi": PLAN, "web:unduh_evaluasi_status": PLAN, "web:alur": PLAN,
    "web:banding": PLAN, "web:riwayat": PLAN, "web:riwayat_baris": PLAN, "web:pemantauan": PLAN,
    "web:evaluasi": PLAN, "web:realisasi_templat": PLAN, "web:realisasi_unggah": PLAN, "web:realisasi": PLAN,
    "web:realisasi_baris": PLAN, "web:belanja": PLAN,
    "web:token_api": ANY, "web:ringkasan": ANY,
    "api:schema": PUBLIC, "api:docs": PUBLIC, "api:pemda": ANY, "api:pd": ANY, "api:pd_detail": PLAN,
    "api:renstra": ANY, "api:renstra_detail": PLAN, "api:renja": ANY, "api:renja_detail": PLAN, "api:pohon": PLAN, "api:ringkasan": PLAN,
    "api:temuan": PLAN, "api:banding": PLAN, "api:exchange": PLAN, "api:pemantauan": PLAN, "api:realisasi": PLAN,
    "api:realisasi_baris": PLAN, "api:peringkat": ANY, "api:nomenklatur": ANY, "api:sumber_dana": ANY,
    "api:satuan": ANY,
    "web:siklus": PEMDA, "web:log_aktivitas": PEMDA, "web:papan": PEMDA, "web:jadwal": PEMDA, "web:plafon": PEMDA,
    "web:plafon_unggah": PEMDA, "web:rkpd": PEMDA, "web:unduh_rkpd": PEMDA, "web:rkpd_status": PEMDA,
    "data:index": PUBLIC, "data:renja_csv": OPEN, "data:renja_json": OPEN, "data:renja_paket": OPEN,
    "data:renja_zip": OPEN, "data:pemda_csv": OPEN, "data:pemda_json": OPEN, "data:pemda_paket": OPEN,
    "data:pemda_zip": OPEN,
}
# admin URLs not of one model (walked as "no target"); the catch-all and app lists are staff pages too
ADMIN_SITE = {
    "admin:index": ADMIN, "admin:login": PUBLIC, "admin:logout": PUBLIC, "admin:password_change": ADMIN,
    "admin:password_change_done": ADMIN, "admin:autocomplete": ADMIN, "admin:jsi18n": ADMIN,
    "admin:view_on_site": ADMIN, "admin:app_list": ADMIN, "admin:<catch-all>": ADMIN,
    "admin:auth_user_password_change": SHARED,
}
ADMIN_MODELS = {
    "axes.accessattempt": SHARED, "axes.accesslog": SHARED, "axes.accessfailurelog": SHARED,
    "django_tasks_database.dbtaskresult": SHARED,
    "organizations.pemda": PD, "organizations.perangkatdaerah": PD, "organizations.unit": PD,
    "organizations.paguplafon": PD, "organizations.profil": SHARED, "auth.user": SHARED, "auth.group": SHARED,
    "reference.nomenklaturversi": SHARED, "reference.nomenklatur": SHARED, "reference.sumberdana": SHARED,
    "reference.akunbelanja": SHARED, "reference.satuan": SHARED,
    "plans.renja": PD, "plans.program": PD, "plans.kegiatan": PD, "plans.subkegiatan": PD, "plans.pagukolom": PD,
    "plans.indikator": PD, "plans.pernyataan": PD, "plans.renstra": PD, "plans.tujuan": PD, "plans.sasaran": PD,
    "plans.indikatorkinerja": PD, "plans.targetkinerja": PD, "plans.prioritasdaerah": PD,
    "plans.sasaranprogram": PD, "plans.reviurkpd": PD, "plans.usulanpemangku": PD, "plans.indikatorpelayanan": PD,
    "plans.narasi": PD, "plans.dataversion": PD,
    "renstra.barisrenstra": PD, "renstra.indikatorrenstra": PD, "renstra.pagurenstra": PD,
    "renstra.targetrenstra": PD,
    "monitoring.evaluasi": PD, "monitoring.tabelevaluasi": PD, "monitoring.barisrealisasi": PD,
    "monitoring.belanjaakun": PD, "monitoring.baristc29": PD, "monitoring.skalacapaian": PD,
    "monitoring.realisasisubkegiatan": PD, "monitoring.realisasiindikator": PD,
    "monitoring.belanjasubkegiatan": PD, "monitoring.pengaturanmonitoring": PD, "monitoring.skalapemda": PD,
    "monitoring.storedprogress": PD,
    "workflow.transisi": PD, "workflow.komentarbaris": PD, "workflow.jadwaltahap": PD,
    "workflow.catatanjadwal": PD, "workflow.transisirenstra": PD,
    "renja_tasks.produceddocument": PD, "renja_tasks.planimport": PD, "renja_tasks.producedrkpd": PD,
    "audit.peristiwa": SHARED,
    "api.tokenapi": SHARED,
}
ADMIN_VIEWS = ("changelist", "add", "change", "delete", "history")

# Who sees which PD, by hand: the rules of renja/organizations/scoping.py as the issue states them
SEES = {"operator_a1": {"a1"}, "pimpinan_a1": {"a1"}, "operator_a2": {"a2"}, "verifikator_a": {"a1", "a2"},
        "admin_a": {"a1", "a2"}, "operator_b": {"b"}, "verifikator_b": {"b"}, "tanpa_peran": set(),
        "superuser": {"a1", "a2", "b"}, "anonymous": set(),
        "pemantau_p": {"a1", "a2"}}  # Pemantau Provinsi of 99, the province of Pemda A (99.99), not of B (88.88)
PEMDA_OF = {"operator_a1": "a", "pimpinan_a1": "a", "operator_a2": "a", "verifikator_a": "a", "admin_a": "a",
            "operator_b": "b", "verifikator_b": "b", "pemantau_p": "p"}
# whose roll-ups (the dashboard, ?pemda=) a role reads: Bappeda its Pemda, the Pemantau its province's Pemdas
ROLLUPS_OF = {"verifikator_a": {"a"}, "admin_a": {"a"}, "verifikator_b": {"b"}, "pemantau_p": {"a", "p"},
              "superuser": {"a", "b", "p"}}
PD_ROLES = {"operator_a1", "pimpinan_a1", "operator_a2", "operator_b"}
BAPPEDA = {"verifikator_a", "admin_a", "verifikator_b"}
STAFF = {"admin_a", "superuser"}
PD_PEMDA = {"a1": "a", "a2": "a", "b": "b"}
OPENS = {200, 302, 403, 405, 409}  # a page reached: shown, redirected on, refused with a reason, or wrong verb
LOGIN, ADMIN_LOGIN, GONE = "login", "admin-login", {404}

SIZE = {}


def expected(role, kind, target):
    """The statuses a cell may answer. target: a PD key ("a1", "a2", "b"), a Pemda key ("a", "b"), or None."""
    if kind == PUBLIC:
        return OPENS
    if kind in (ADMIN, SHARED, PD):
        if role not in STAFF:
            return ADMIN_LOGIN
        if kind == PD and target and PD_PEMDA[target] not in {PD_PEMDA[p] for p in SEES[role]}:
            # Django's admin: "does not exist", back to the index; a POST to a model the role may only view is
            # refused before the object is looked up (403, the same for a row that does not exist: no leak)
            return {302, 403, 404}
        return {200, 302, 403, 405}
    if role == "anonymous":
        return LOGIN
    if kind == ANY:
        return OPENS
    if kind == PLAN:
        return OPENS if target in SEES[role] else GONE
    if kind == ROLLUP:  # target: a Pemda key ("a", "b", "p": the province)
        if role == "anonymous":
            return LOGIN
        if target in ROLLUPS_OF.get(role, ()):
            return OPENS
        return {403} if role in PD_ROLES or role == "tanpa_peran" else GONE
    if kind == PEMDA:
        if role == "superuser":
            return OPENS | GONE  # the installation's administrator has no Pemda; some pages are a Pemda's own
        if role in BAPPEDA and PEMDA_OF[role] == target:
            return OPENS
        return {403} if PEMDA_OF.get(role) == target else GONE
    raise AssertionError(kind)


def walk(resolver=None, namespace="", prefix=""):
    """(qualified name, route) of every URL pattern under the root resolver."""
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            ns = ":".join(n for n in (namespace, pattern.namespace) if n)
            yield from walk(pattern, ns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            route = prefix + str(pattern.pattern)
            name = pattern.name or ("<catch-all>" if "(?P<url>" in route else f"<{route}>")
            yield f"{namespace}:{name}" if namespace else name, route


def admin_model_of(name):
    for model, model_admin in admin.site._registry.items():
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}_"
        if name.startswith(prefix) and name[len(prefix):] in ADMIN_VIEWS:
            return model._meta.label_lower
        if name == f"admin:<admin/{model._meta.app_label}/{model._meta.model_name}/<path:object_id>/>":
            return model._meta.label_lower
    return None


def test_every_url_pattern_has_an_entry():
    missing = []
    for name, route in walk():
        label = admin_model_of(name)
        if label:
            if label not in ADMIN_MODELS:
                missing.append(f"{name} ({route}): tambahkan '{label}' ke ADMIN_MODELS")
        elif name not in ROUTES and name not in ADMIN_SITE:
            missing.append(f"{name} ({route}): tambahkan ke ROUTES (atau ADMIN_SITE)")
    assert not missing, "URL tanpa baris di matriks otorisasi (tests/authorization/test_matrix.py):\n" + \
        "\n".join(missing)
    stale = set(ADMIN_MODELS) - {m._meta.label_lower for m in admin.site._registry}
    names = {n for n, _ in walk()}
    stale |= (set(ROUTES) | set(ADMIN_SITE)) - names
    assert not stale, f"baris matriks tanpa URL: {sorted(stale)}"


def text_of(response):
    """The text a user reads in the response: HTML/JSON as is, office documents and PDFs extracted."""
    data = b"".join(response.streaming_content) if response.streaming else response.content
    kind = response.get("Content-Type", "")
    if "spreadsheetml" in kind:
        import openpyxl

        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
        return "\n".join(str(v) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)
                         for v in row if v is not None)
    if "wordprocessingml" in kind:
        import docx

        document = docx.Document(io.BytesIO(data))
        parts = [p.text for p in document.paragraphs]
        parts += [c.text for t in document.tables for r in t.rows for c in r.cells]
        return "\n".join(parts)
    if "pdf" in kind:
        return subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True).stdout.decode()
    if "json" in kind:
        return json.dumps(json.loads(data or b"null"), ensure_ascii=False)
    return data.decode("utf-8", "replace")


def database():
    """Every row of every table a refused request could touch (sessions, login records and the audit of the
    requests themselves excepted; and the API tokens, whose last use each request records)."""
    skip = {"sessions", "axes", "audit", "admin", "django_tasks_database", "api"}
    rows = {}
    for model in apps.get_models():
        if model._meta.app_label in skip or model._meta.label_lower == "auth.user":
            continue
        rows[model._meta.label_lower] = list(model.objects.order_by("pk").values_list())
    return rows


@pytest.fixture
def world():
    world = add_admins(make_world(subs=4))
    world.markers = {}
    for name, plan in world.plans.items():
        upload_of(plan)
        sub = SubKegiatan.objects.filter(kegiatan__program__renja=plan).order_by("id").first()
        sub.nama = f"Penanda Rahasia Sub {name.upper()}"
        sub.save()  # through the model: the PD's data version moves, so no kept page shows the old name
    return world


PLAN_KEY = {"a1": "a1", "a1_final": "a1", "a2": "a2", "b": "b"}


def hidden_markers(world, role):
    seen = SEES[role]
    markers = set()
    for name, plan in world.plans.items():
        if PLAN_KEY[name] not in seen:
            markers |= {f"Penanda Rahasia Sub {name.upper()}", plan.perangkat_daerah.nama}
    markers -= {world.plans[n].perangkat_daerah.nama for n in world.plans if PLAN_KEY[n] in seen}
    return markers


def cells(world):
    """(role, kind, target, url, full) for the whole matrix; `full`: every download format (own-plan cells)."""
    pemdas = {"a": world.plans["a1"].perangkat_daerah.pemda, "b": world.plans["b"].perangkat_daerah.pemda}
    tahun = world.plans["a1"].tahun
    roles = list(SEES)
    plan_urls = {p: urls_of_plan(world, p) + api_urls_of_plan(world, p) for p in ("a1", "a2", "b")}
    sampled = {}
    for p, urls in plan_urls.items():  # one URL per pattern for the repeated (not own) cells
        sampled[p] = list({n: (n, u) for n, u in reversed(urls)}.values())
    pemda_all = {k: pemda_urls(p.pk, tahun, formats=sorted(cycle.CONTENT_TYPES)) for k, p in pemdas.items()}
    rollup_codes = {**{k: p.kode for k, p in pemdas.items()}, "p": PROVINCE["kode"]}
    for role in roles:
        for name, route in walk():
            kind = ROUTES.get(name) or ADMIN_SITE.get(name)
            if kind in (ANY, PUBLIC) and name.startswith(("web:", "api:")):
                yield role, kind, None, reverse(name), True
        for p in ("a1", "a2", "b"):
            own = p in SEES[role]
            for name, url in (plan_urls[p] if own else sampled[p]):
                yield role, PLAN, p, url, own
        for k in ("a", "b"):
            own = role in BAPPEDA and PEMDA_OF[role] == k
            urls = pemda_all[k] if own else list({n: (n, u) for n, u in pemda_all[k]}.values())
            for name, url in urls:
                yield role, PEMDA, k, url, own
        for k, kode in rollup_codes.items():
            yield role, ROLLUP, k, f"{reverse('web:ringkasan')}?pemda={kode}&per=sumber_dana", True
        for name in ADMIN_SITE:
            if ADMIN_SITE[name] == ADMIN and name in ("admin:index", "admin:password_change", "admin:jsi18n"):
                yield role, ADMIN, None, reverse(name), True
        yield role, ADMIN, None, reverse("admin:app_list", args=["plans"]), True
        yield role, SHARED, None, reverse("admin:auth_user_password_change", args=[world.users["operator_a1"].pk]), True
        for model, model_admin in admin.site._registry.items():
            label = model._meta.label_lower
            kind = ADMIN_MODELS[label]
            info = f"admin:{model._meta.app_label}_{model._meta.model_name}"
            yield role, kind, None, reverse(f"{info}_changelist"), True
            yield role, kind, None, reverse(f"{info}_add"), True
            targets = {}
            if kind == PD:
                for p, user_name in (("a1", "operator_a1"), ("a2", "operator_a2"), ("b", "operator_b")):
                    obj = scope(model.objects.all(), world.users[user_name], model_admin.pd_path).order_by("pk").first()
                    if obj is not None:
                        targets[p] = obj
            else:
                obj = model.objects.order_by("pk").first()
                if obj is not None:
                    targets[None] = obj
            for target, obj in targets.items():
                for view in ("change", "delete", "history"):
                    yield role, kind, target, reverse(f"{info}_{view}", args=[obj.pk]), True


def client_for(world, role):
    client = Client()
    user = world.admins.get(role) or world.users.get(role)
    if user is not None:
        client.force_login(user)
    return client


def api_client_for(world, role):
    """The API is called with the role's personal token (anonymous: without one)."""
    from renja.api.tokens import create_token

    user = world.admins.get(role) or world.users.get(role)
    if user is None:
        return Client()
    return Client(HTTP_AUTHORIZATION=f"Token {create_token(user)[1]}")


def check(response, allowed, role, url, method):
    status = response.status_code
    if allowed == LOGIN and url.startswith("/api/"):
        ok = status == 401  # the API asks for a token (or a session) instead of sending to the login page
    elif allowed in (LOGIN, ADMIN_LOGIN):
        login = reverse("web:login") if allowed == LOGIN else reverse("admin:login")
        ok = status == 302 and login in response["Location"]
    else:
        ok = status in allowed
        exits = (reverse("web:login"), reverse("admin:login"), reverse("web:logout"), reverse("admin:logout"))
        if status == 302 and role != "anonymous" and not url.startswith(exits):
            # a signed-in user sent to a login page was not let in: the cell tested nothing it claims
            ok = ok and not response["Location"].startswith((reverse("web:login"), reverse("admin:login")))
    assert ok, (role, method, url, status, allowed)


def request(client, method, url, data=None, **options):
    """One cell's request, its session kept: a cell that signs out (logout) or changes the session must not
    make every later cell of the role an anonymous one."""
    cookies = client.cookies
    client.cookies = type(cookies)(cookies)
    try:
        return getattr(client, method)(url, data, **options)
    finally:
        client.cookies = cookies


def test_the_authorization_matrix(world, settings):
    settings.RENJA_API_RATE = "1000000/min"  # the matrix is not a test of the rate limit (tests/api is)
    clients = {role: client_for(world, role) for role in SEES}
    api_clients = {role: api_client_for(world, role) for role in SEES}

    def client(role, url):
        return api_clients[role] if url.startswith("/api/") else clients[role]
    all_cells = list(cells(world))
    refused = [c for c in all_cells if expected(c[0], c[1], c[2]) in (LOGIN, ADMIN_LOGIN, GONE)
               or (c[1] in (PEMDA, ROLLUP) and expected(c[0], c[1], c[2]) == {403})]
    allowed = [c for c in all_cells if c not in refused]
    tested = leaks = 0
    shown_own = set()
    form = {"alasan": "uji", "pagu_n": "1", "nomenklatur_id": "1"}

    before = database()
    for role, kind, target, url, _ in refused:  # GET and POST, nothing may change
        for method in ("get", "post"):
            response = request(client(role, url), method, url, form if kind not in (PD, SHARED, ADMIN, ROLLUP) else {})
            check(response, expected(role, kind, target), role, url, method)
            if response.status_code == 200:
                body = text_of(response)
                leaks += sum(m in body for m in hidden_markers(world, role))
            tested += 1
    assert database() == before, "a refused request changed the database"

    for role, kind, target, url, full in allowed:
        hidden = hidden_markers(world, role)
        response = request(client(role, url), "get", url, follow=full and "/unduh/" in url)
        check(response, expected(role, kind, target), role, url, "get")
        if response.status_code == 200:
            body = text_of(response)
            found = [m for m in hidden if m in body]
            assert not found, (role, url, found)
            if role != "superuser" and any(f"Penanda Rahasia Sub {p.upper()}" in body for p in SEES[role]):
                shown_own.add(response.get("Content-Type", "").split(";")[0])  # the markers do reach bodies
        tested += 1
        # an allowed POST is answered (never a 500), then undone, so the next cell sees the same world
        with transaction.atomic():
            response = request(client(role, url), "post", url, form if kind not in (PD, SHARED, ADMIN, ROLLUP) else {})
            check(response, expected(role, kind, target) | {400}, role, url, "post")
            transaction.set_rollback(True)
        tested += 1

    SIZE.update(cells=tested, leaks=leaks, urls=len(set(c[3] for c in all_cells)), patterns=len(list(walk())))
    print(f"\nmatriks otorisasi: {tested} sel ({len(refused) * 2} ditolak), {SIZE['urls']} URL, "
          f"{SIZE['patterns']} pola, {leaks} kebocoran")
    assert leaks == 0
    # the renamed sub kegiatan reaches its own users' pages and downloads: a leak of it would be seen
    SIZE["own_marker_types"] = sorted(shown_own)
    assert "text/html" in shown_own and any("spreadsheetml" in t or "pdf" in t for t in shown_own), shown_own
    assert tested > 5000


# The open data matrix's world: one plan set (Ditetapkan), every other in another status of the workflow. Written
# by hand: a plan's open data answers only when it is set and its Pemda's open data is on.
OPEN_STATUS = {"b": Renja.Status.DITETAPKAN, "a1": Renja.Status.DIKEMBALIKAN,
               "a1_final": Renja.Status.DIVERIFIKASI, "a2": Renja.Status.DIAJUKAN}
SIGNATORY = "Penandatangan Rahasia {}", "19700101199003{:04d}"


def open_data_urls(world):
    """(target, url) of every open data URL: target a plan name, a Pemda key ("pemda a"), or None (the index)."""
    pemdas = {"pemda a": world.plans["a1"].perangkat_daerah.pemda, "pemda b": world.plans["b"].perangkat_daerah.pemda}
    urls = []
    for pattern in data_urls.urlpatterns:
        names = set(pattern.pattern.converters)
        assert names <= {"renja_id", "pemda_id", "tahun", "tabel"}, f"{pattern.name}: parameter baru belum diuji"
        tables = [{"tabel": t} for t in open_data.TABLES] if "tabel" in names else [{}]
        if not names:
            urls.append((None, reverse(f"data:{pattern.name}")))
        elif "renja_id" in names:
            urls += [(p, reverse(f"data:{pattern.name}", kwargs={"renja_id": plan.pk, **t}))
                     for p, plan in world.plans.items() for t in tables]
        else:
            urls += [(k, reverse(f"data:{pattern.name}", kwargs={"pemda_id": pemda.pk, "tahun": world.plans["a1"].tahun,
                                                                  **t}))
                     for k, pemda in pemdas.items() for t in tables]
    return urls


def open_expected(target, open_pemdas):
    if target is None:
        return {200}
    if target.startswith("pemda "):  # a Pemda-year answers when it has a set plan and its open data is on
        has_set = {"pemda a": False, "pemda b": OPEN_STATUS["b"] == Renja.Status.DITETAPKAN}[target]
        return {200} if has_set and target in open_pemdas else GONE
    pemda = "pemda b" if target == "b" else "pemda a"
    return {200} if OPEN_STATUS[target] == Renja.Status.DITETAPKAN and pemda in open_pemdas else GONE


def test_the_open_data_matrix(world):
    for index, (name, status) in enumerate(OPEN_STATUS.items()):
        Renja.objects.filter(pk=world.plans[name].pk).update(
            status=status, penandatangan_nama=SIGNATORY[0].format(name.upper()),
            penandatangan_nip=SIGNATORY[1].format(index))
    personal = {SIGNATORY[0].format(n.upper()) for n in OPEN_STATUS} | \
        {SIGNATORY[1].format(i) for i in range(len(OPEN_STATUS))}
    clients = {role: client_for(world, role) for role in SEES}
    urls = open_data_urls(world)
    tested = answered = 0
    for open_pemdas in ({"pemda a", "pemda b"}, {"pemda a"}):  # then Pemda B switches its open data off
        Pemda.objects.filter(pk=world.plans["b"].perangkat_daerah.pemda_id).update(
            data_terbuka="pemda b" in open_pemdas)
        before = database()
        hidden = set(personal)
        for name in world.plans:  # what is not open: by the hand-written rule, never the code under test
            if open_expected(name, open_pemdas) == GONE:
                hidden |= {f"Penanda Rahasia Sub {name.upper()}"}
                if not any(open_expected(n, open_pemdas) == {200} and PLAN_KEY[n] == PLAN_KEY[name]
                           for n in world.plans):
                    hidden.add(world.plans[name].perangkat_daerah.nama)
        shown = False
        for role, client in clients.items():
            for target, url in urls:
                response = client.get(url)
                assert response.status_code in open_expected(target, open_pemdas), (role, url, response.status_code)
                if response.status_code == 200:
                    data = response.content
                    if response["Content-Type"] == "application/zip":
                        with zipfile.ZipFile(io.BytesIO(data)) as archive:
                            data = b"".join(archive.read(n) for n in archive.namelist())
                    body = data.decode("utf-8")
                    found = [m for m in hidden if m in body]
                    assert not found, (role, url, found)
                    shown |= "Penanda Rahasia Sub B" in body
                    answered += 1
                assert client.post(url, {"alasan": "uji"}).status_code == 405, (role, url)  # read only
                tested += 2
        assert shown == ("pemda b" in open_pemdas)  # the set plan's marker does reach the bodies it may
        assert database() == before, "open data changed the database"
    print(f"\nmatriks data terbuka: {tested} sel, {answered} dijawab 200, 0 kebocoran")
    assert tested > 500
