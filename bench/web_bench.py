"""How fast are the app's pages? Every page of renja/web/urls.py on the demo and on plans of growing size.

    .venv/bin/python bench/web_bench.py [--runs 5] [--sizes 10,100,400] [--pdf] [--profile PAGE]

Uses a database of its own like check_bench.py (a temporary SQLite file, or a new database beside the one
RENJA_DATABASE_URL names, dropped afterwards), with the test settings. Loads the demo and one synthetic plan
per size (different PDs of one Pemda, each also loaded a second time as the "final" stage, for the comparison
page), then requests every page with django.test.Client as the plan's operator: the median wall-clock time of
--runs requests and the number of SQL queries of one. Also a row save (POST), and the XLSX and DOCX downloads
(and PDF with --pdf) of the demo and the largest plan. Prints figures; asserts nothing.
"""

import argparse
import cProfile
import io
import os
import pstats
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import check_bench  # noqa: E402

SKIP = {"login", "logout", "unduh", "unduh_evaluasi"}  # the downloads are timed apart, on the demo and the largest plan only
SEARCH = "Koordinasi"  # what the "tambah sub kegiatan" page searches the nomenclature for
VERIFIER_PAGES = ("home", "dashboard", "renja", "alur")  # the pages whose content depends on the role


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="requests per measurement; the median is shown (5)")
    parser.add_argument("--sizes", default="10,100,400", help="sub kegiatan of the synthetic plans (10,100,400)")
    parser.add_argument("--pdf", action="store_true", help="also time the PDF download (LibreOffice, slow)")
    parser.add_argument("--profile", metavar="PAGE", action="append", default=[],
                        help="profile one request of this page (a URL name, 'simpan' for the row save, 'unduh:docx' "
                             "or 'unduh:xlsx') on the largest plan "
                             "with cProfile and print the 25 most expensive functions; may be repeated")
    return parser.parse_args()


def setup_database():
    """Django with the test settings on a database of the benchmark's own (as check_bench.py makes it).
    Returns (description, clean-up)."""
    hosts = [h for h in os.environ.get("RENJA_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
    os.environ["RENJA_ALLOWED_HOSTS"] = ",".join(dict.fromkeys(hosts + ["testserver"]))
    return check_bench.setup_database("renja.settings.test")


def progress(message):
    print(f"  {message}", file=sys.stderr, flush=True)


# --- the plans and their people ----------------------------------------------------------------------------

class Plan:
    """A plan to measure: the Renja, its other stage, its first sub kegiatan, and who looks at it."""

    def __init__(self, label, renja, other, operator, verifier):
        from renja.plans.models import SubKegiatan

        self.label, self.renja, self.other = label, renja, other
        self.operator, self.verifier = operator, verifier
        self.subs = SubKegiatan.objects.filter(kegiatan__program__renja=renja).count()
        if label == "demo":
            self.label = f"demo ({self.subs} sub)"
        self.sub = SubKegiatan.objects.filter(kegiatan__program__renja=renja).order_by("id").first()


def make_user(username, peran, pemda, pd=None):
    """As tests/web/people.py makes them: a user with a Profil."""
    from django.contrib.auth.models import User

    from renja.organizations.models import Profil

    user = User.objects.create_user(username, password="bench-rahasia-123")
    Profil.objects.create(user=user, pemda=pemda, perangkat_daerah=pd, peran=peran)
    return user


def load_plans(sizes):
    from django.contrib.auth.models import User

    from renja.demo.setup import DATA, create_demo_users, load_demo_data
    from renja.demo.synth import pd_document
    from renja.exchange.loader import load_document
    from renja.exchange.merge import read_document
    from renja.organizations.models import Profil

    timings = []
    start = time.perf_counter()
    demo, _ = load_demo_data()
    create_demo_users(demo)
    document = read_document(DATA)
    # the demo is a final plan already: its other stage is a "rancangan" of the same content
    document["renja"]["tahap"] = "final" if document["renja"]["tahap"] != "final" else "rancangan"
    demo_other = load_document(document).renja
    timings.append(("demo, both stages", time.perf_counter() - start))
    progress(f"demo loaded ({timings[-1][1]:.1f} s)")
    plans = [Plan("demo", demo, demo_other, User.objects.get(username="operator"),
                  User.objects.get(username="verifikator"))]

    verifier = None
    for index, size in enumerate(sizes):
        start = time.perf_counter()
        renja = load_document(pd_document(index, sub_per_pd=size)).renja
        document = pd_document(index, sub_per_pd=size)
        document["renja"]["tahap"] = "final"
        final = load_document(document).renja
        pd = renja.perangkat_daerah
        if verifier is None:  # one verifier for the synthetic Pemda: every size is a PD of it
            verifier = make_user("verifikator_sintetis", Profil.Peran.VERIFIKATOR_BAPPEDA, pd.pemda)
        operator = make_user(f"operator_{size}", Profil.Peran.OPERATOR_PD, pd.pemda, pd)
        timings.append((f"{size} sub kegiatan, both stages", time.perf_counter() - start))
        progress(f"plan of {size} sub kegiatan loaded ({timings[-1][1]:.1f} s)")
        plans.append(Plan(f"{size} sub", renja, final, operator, verifier))
    return plans, timings


# --- measuring -------------------------------------------------------------------------------------------

def client_for(user):
    from django.test import Client

    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def page_urls(plan):
    """URL name → URL of every page of renja/web/urls.py but login, logout and the downloads."""
    from django.urls import reverse

    from renja.web import urls as web_urls

    kwargs = {"renja_id": plan.renja.pk, "pd_id": plan.renja.perangkat_daerah_id, "other_id": plan.other.pk,
              "level": "sub-kegiatan", "row_id": plan.sub.pk, "action": "kembalikan", "triwulan": 1,
              "tahun": plan.renja.tahun - 1, "fmt": "xlsx"}
    urls = {}
    for pattern in web_urls.urlpatterns:
        if pattern.name in SKIP:
            continue
        url = reverse(f"web:{pattern.name}", kwargs={k: kwargs[k] for k in pattern.pattern.converters})
        urls[pattern.name] = url + (f"?q={SEARCH}" if pattern.name == "tambah_sub" else "")
    return urls


def consume(response):
    """Read the whole body (a download streams), close the response; return the body's length."""
    size = len(b"".join(response.streaming_content)) if response.streaming else len(response.content)
    response.close()
    return size


class Measure:
    """Median milliseconds of `runs` calls after one call counted with CaptureQueriesContext (which also warms
    the caches up), the number of queries, and the status and size of the response. With `prepare`, each call
    gets what prepare() returns, made before the clock starts (a POST's data, which reads the row's versi)."""

    def __init__(self, call, runs, expected=200, prepare=None, location=None):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        def arguments():
            return (prepare(),) if prepare else ()

        args = arguments()
        with CaptureQueriesContext(connection) as queries:
            response = call(*args)
            self.size = consume(response)
        self.queries = len(queries)
        self.status = response.status_code
        # a 302 to the login page is a failure too: `location` is where a success redirects
        self.ok = response.status_code == expected and (
            location is None or response.get("Location", "").startswith(location))
        self.problem = "" if self.ok else problem_of(response)
        times = []
        for _ in range(runs):
            args = arguments()
            start = time.perf_counter()
            consume(call(*args))
            times.append(time.perf_counter() - start)
        self.ms = statistics.median(times) * 1000

    def cell(self):
        text = f"{self.ms:,.0f} ms {self.queries:>3}q"
        return text if self.ok else f"{text} !{self.status}"


def problem_of(response):
    """Something to print about an unexpected answer: its status and the error lines of the page."""
    import re

    body = response.content.decode(errors="replace") if not response.streaming else ""
    errors = re.findall(r'<(?:li|div) class="(?:msg-error|error[^"]*)"[^>]*>(.*?)</(?:li|div)>', body, re.S)
    errors += re.findall(r'<ul class="errorlist[^"]*">(.*?)</ul>', body, re.S)
    detail = "; ".join(" ".join(re.sub(r"<[^>]+>", " ", e).split()) for e in errors[:5])
    return f"HTTP {response.status_code} {response.get('Location', '')} {detail}".strip()


def row_post_data(sub, lokasi):
    """What the edit form of a sub kegiatan posts (renja/web/forms.py, template web/plan/row.html): the row's
    fields with its hidden versi, the indicators formset with each indicator's hidden id and versi, two blank
    extra forms and the management form; only `lokasi` changed."""
    from renja.plans.models import Indikator, Polaritas, SubKegiatan
    from renja.web import forms

    sub = SubKegiatan.objects.get(pk=sub.pk)  # the current versi: every save bumps it
    indicators = list(Indikator.objects.filter(sub_kegiatan=sub).order_by("urutan", "id"))
    data = {key: "" if value is None else value for key, value in forms.row_initial(sub).items()}
    data["lokasi"] = lokasi
    prefix = forms.INDICATOR_PREFIX
    initial = forms.indicator_initial(indicators)
    for i, item in enumerate(initial):
        for key in ("id", "versi", "uraian", "polaritas", "target_n_teks", "target_n1_teks"):
            data[f"{prefix}-{i}-{key}"] = "" if item[key] is None else item[key]
    extra = forms.IndikatorFormSet.extra
    for i in range(len(initial), len(initial) + extra):
        data[f"{prefix}-{i}-polaritas"] = Polaritas.POSITIF  # a blank extra form, as the page shows it
    data.update({f"{prefix}-TOTAL_FORMS": len(initial) + extra, f"{prefix}-INITIAL_FORMS": len(initial),
                 f"{prefix}-MIN_NUM_FORMS": 0, f"{prefix}-MAX_NUM_FORMS": 1000})
    return data


def row_save(plan, runs):
    from django.urls import reverse

    from renja.plans.models import SubKegiatan

    url = reverse("web:baris", kwargs={"renja_id": plan.renja.pk, "level": "sub-kegiatan", "row_id": plan.sub.pk})
    client = client_for(plan.operator)
    posted = []

    def prepare():
        posted.append(f"Kecamatan Bench {len(posted)}")
        return row_post_data(plan.sub, posted[-1])

    measure = Measure(lambda data: client.post(url, data), runs, expected=302, prepare=prepare,
                      location=reverse("web:renja", kwargs={"renja_id": plan.renja.pk}))
    saved = SubKegiatan.objects.get(pk=plan.sub.pk).lokasi
    if measure.ok and saved != posted[-1]:
        measure.ok, measure.problem = False, f"redirected, yet lokasi is {saved!r}, not {posted[-1]!r}"
    return measure


def fmt_size(size):
    return f"{size / 1024:,.0f} KiB"


# --- reporting -------------------------------------------------------------------------------------------

def table(title, rows, plans):
    width = max(20, max(len(name) for name, _ in rows) + 2)
    header = f"{title:<{width}}" + "".join(f"{p.label:>17}" for p in plans)
    print(header)
    print("-" * len(header))
    for name, cells in rows:
        print(f"{name:<{width}}" + "".join(f"{cell:>17}" for cell in cells))


def profile(call, top=25):
    """One request under cProfile: the project's functions by cumulative time (where the time goes), then every
    function by its own time (what is expensive)."""
    profiler = cProfile.Profile()
    profiler.enable()
    consume(call())
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("cumulative").print_stats(r"/renja/", top)
    stats.sort_stats("tottime").print_stats(top // 2)
    print("\n".join(line for line in out.getvalue().splitlines() if line.strip()))


def main():
    args = parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    description, clean_up = setup_database()
    try:
        report(args, sizes, description)
    finally:
        clean_up()


def report(args, sizes, description):
    from django.urls import reverse

    print(f"Renja web benchmark — {description}")
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}; median of {args.runs} requests "
          "after one counted with CaptureQueriesContext; cells: time, SQL queries", flush=True)
    plans, load_times = load_plans(sizes)
    print("load: " + "; ".join(f"{label} {seconds:.1f} s" for label, seconds in load_times))
    print("sub kegiatan per plan: " + ", ".join(f"{p.label.split()[0]} {p.subs}" for p in plans))
    print()

    problems = []
    results = {}
    for plan in plans:
        client = client_for(plan.operator)
        for name, url in page_urls(plan).items():
            measure = Measure(lambda url=url: client.get(url), args.runs)
            results.setdefault(name, []).append(measure)
            if not measure.ok:
                problems.append(f"{name} on {plan.label}: {measure.problem}")
        progress(f"pages of {plan.label} measured")
    rows = [(name, [m.cell() for m in measures]) for name, measures in results.items()]
    table("as the operator", rows, plans)
    print()

    rows = []
    for plan in plans:
        client = client_for(plan.verifier)
        urls = page_urls(plan)
        for name in VERIFIER_PAGES:
            measure = Measure(lambda url=urls[name]: client.get(url), args.runs)
            results.setdefault(f"{name} (verifikator)", []).append(measure)
            if not measure.ok:
                problems.append(f"{name} as the verifier on {plan.label}: {measure.problem}")
    rows = [(f"{name}", [m.cell() for m in results[f"{name} (verifikator)"]]) for name in VERIFIER_PAGES]
    table("as the verifikator", rows, plans)
    print()

    cells = []
    for plan in plans:
        measure = row_save(plan, args.runs)
        cells.append(measure.cell())
        if not measure.ok:
            problems.append(f"row save on {plan.label}: {measure.problem}")
    progress("row saves measured")
    table("POST", [("baris (save a sub keg.)", cells)], plans)
    print()

    formats = ["xlsx", "docx"] + (["pdf"] if args.pdf else [])
    chosen = [plans[0], plans[-1]]
    rows = []
    for fmt in formats:
        cells, sizes_row = [], []
        for plan in chosen:
            client = client_for(plan.operator)
            url = reverse("web:unduh", kwargs={"renja_id": plan.renja.pk, "fmt": fmt})
            measure = Measure(lambda url=url: client.get(url), args.runs)
            cells.append(measure.cell())
            sizes_row.append(fmt_size(measure.size))
            if plan is plans[-1]:
                results[f"unduh {fmt}"] = [measure]
            if not measure.ok:
                problems.append(f"unduh {fmt} on {plan.label}: {measure.problem}")
        rows.append((f"unduh {fmt}", cells))
        rows.append(("  file size", sizes_row))
        progress(f"{fmt} downloads measured")
    table("downloads", rows, chosen)
    print()
    max_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    print(f"peak RSS of the process: {max_rss:,.0f} MiB")

    largest = plans[-1]
    slow = [(name, measures[-1].ms) for name, measures in results.items() if measures[-1].ms > 1000]
    # the downloads were measured on the demo and the largest plan only: their last figure is the largest plan
    if slow:
        print(f"over 1 s on the largest plan ({largest.label}): " + ", ".join(f"{n} {t:,.0f} ms" for n, t in slow))
    for problem in problems:
        print(f"problem: {problem}")

    for name in args.profile:
        print(f"\ncProfile of one request of {name} on the largest plan ({largest.label}):")
        client = client_for(largest.operator)
        if name == "simpan":
            url = reverse("web:baris", kwargs={"renja_id": largest.renja.pk, "level": "sub-kegiatan",
                                               "row_id": largest.sub.pk})
            data = row_post_data(largest.sub, "Kecamatan Profil")
            profile(lambda: client.post(url, data))
        elif name.startswith("unduh"):
            fmt = name.partition(":")[2] or "docx"
            profile(lambda: client.get(reverse("web:unduh", kwargs={"renja_id": largest.renja.pk, "fmt": fmt})))
        else:
            profile(lambda: client.get(page_urls(largest)[name]))


if __name__ == "__main__":
    main()
