"""Many people at once: simulated users against a real `renja serve`, with latency per page and a lost-write check.

    .venv/bin/python bench/load_bench.py [--users 20,50] [--duration 60] [--pd 10] [--sub 400] [--think 1.0]
    RENJA_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test .venv/bin/python bench/load_bench.py

The database is the benchmark's own: a SQLite file in a temporary RENJA_HOME, or, when RENJA_DATABASE_URL is
set, a new database renja_load_<pid> on that server, dropped afterwards. It loads a synthetic city (drafts of
2026 to edit, and the same PDs' 2025 plans in force with four quarters of realisation, for the monitoring
pages), one operator per PD and a verifier (real password hashing), then starts `renja serve` on 127.0.0.1 and
a free port. Each run of --users simulated users lasts --duration seconds: each logs in, then loops with a
think time over home, the plan tree, findings, dashboard, pemantauan, peringkat, the edit form of its own sub
kegiatan (GET, then a POST changing its lokasi to a new numbered value), the realisation of its own sub kegiatan of
the plan in force in the fourth quarter (GET, then a POST changing its faktor pendorong), and now and then the XLSX
download. Afterwards every acknowledged save must be in the row's history and the row must hold the last one.
Prints figures; asserts nothing.
"""

import argparse
import http.client
import os
import random
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import defaultdict
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PASSWORD = "beban-rahasia-123"
MAX_USERS, MAX_DURATION = 500, 3600  # bounds: the script always stops by itself
DOWNLOAD_SHARE = 0.05  # of the loops end with the XLSX download
QUARTER = 4  # the quarter whose realisation the operators enter (the plans in force have all four)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--users", default="20,50", help="simulated users, one run per figure (20,50)")
    parser.add_argument("--duration", type=float, default=60, help="seconds per run (60)")
    parser.add_argument("--pd", type=int, default=10, help="Perangkat Daerah in the synthetic city (10)")
    parser.add_argument("--sub", type=int, default=400, help="sub kegiatan per PD (400)")
    parser.add_argument("--think", type=float, default=1.0, help="mean think time between requests, s (1.0)")
    parser.add_argument("--workers", type=int, help="passed to renja serve (default: its own choice)")
    parser.add_argument("--threads", type=int, help="passed to renja serve (default: its own choice)")
    args = parser.parse_args()
    args.users = [int(n) for n in args.users.split(",") if n.strip()]
    if not args.users or max(args.users) > MAX_USERS or not 0 < args.duration <= MAX_DURATION:
        parser.error(f"--users 1..{MAX_USERS}, --duration up to {MAX_DURATION} s")
    return args


# --- the database ------------------------------------------------------------------------------------------

def setup_database():
    """Point this process (and the server, through the environment) at a database of our own.
    Returns (description, clean-up)."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "renja.settings.base"
    home = tempfile.TemporaryDirectory(prefix="renja-load-")
    os.environ["RENJA_HOME"] = home.name  # the SQLite file, static files and logs
    url = os.environ.get("RENJA_DATABASE_URL")
    if not url:
        return "SQLite (WAL), temporary file", home.cleanup
    import psycopg

    name = f"renja_load_{os.getpid()}"
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    os.environ["RENJA_DATABASE_URL"] = urllib.parse.urlunsplit(urllib.parse.urlsplit(url)._replace(path=f"/{name}"))

    def clean_up():
        from django.db import connections

        connections.close_all()
        with psycopg.connect(url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        home.cleanup()

    return f"PostgreSQL, database {name} (dropped afterwards)", clean_up


def load_city(pd_count, sub_per_pd):
    """The city: per PD a draft 2026 (edited) and a 2025 plan in force (monitoring); the people."""
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command

    from renja.demo.realisation import synthesize_realisation
    from renja.demo.synth import synthesize_city
    from renja.organizations.models import Profil
    from renja.plans.models import Renja, SubKegiatan

    call_command("migrate", interactive=False, verbosity=0)
    drafts = synthesize_city(pd_count=pd_count, sub_per_pd=sub_per_pd, year=2026)
    for renja in synthesize_city(pd_count=pd_count, sub_per_pd=sub_per_pd, year=2025):
        synthesize_realisation(renja, quarters=4)
    in_force = {r.perangkat_daerah_id: r for r in Renja.objects.filter(tahun=2025)}
    plans = []
    for index, renja in enumerate(drafts):
        pd = renja.perangkat_daerah
        user = User.objects.create_user(f"operator{index:02d}", password=PASSWORD)
        Profil.objects.create(user=user, pemda=pd.pemda, perangkat_daerah=pd, peran=Profil.Peran.OPERATOR_PD)
        subs = list(SubKegiatan.objects.filter(kegiatan__program__renja=renja).order_by("id").values_list("id", flat=True))
        subs_in_force = list(SubKegiatan.objects.filter(kegiatan__program__renja=in_force[pd.id]).order_by("id")
                             .values_list("id", flat=True))
        plans.append({"username": user.username, "renja": renja.id, "pd": pd.id, "subs": subs,
                      "in_force": in_force[pd.id].id, "subs_in_force": subs_in_force})
    verifier = User.objects.create_user("verifikator", password=PASSWORD)
    Profil.objects.create(user=verifier, pemda=drafts[0].perangkat_daerah.pemda,
                          peran=Profil.Peran.VERIFIKATOR_BAPPEDA)
    from django.db import connections

    connections.close_all()
    return plans


# --- the server --------------------------------------------------------------------------------------------

def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(args, log):
    port = free_port()
    command = [sys.executable, "-m", "renja.cli", "serve", "--host", "127.0.0.1", "--port", str(port)]
    if args.workers:
        command += ["--workers", str(args.workers)]
    if args.threads:
        command += ["--threads", str(args.threads)]
    server = subprocess.Popen(command, stdout=log, stderr=log, env=os.environ.copy())
    deadline = time.monotonic() + 120
    while True:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/masuk/")
            if connection.getresponse().status == 200:
                return server, port
        except OSError:
            pass
        if server.poll() is not None or time.monotonic() > deadline:
            raise SystemExit(f"renja serve did not answer; see {log.name}")
        time.sleep(0.3)


class RssSampler(threading.Thread):
    """Peak resident memory of the server's process tree (master, workers, anything they started), and the CPU
    seconds its processes used while the sampler ran (their user + system time, first sample to last)."""

    def __init__(self, pid):
        super().__init__(daemon=True)
        import psutil

        self.root, self.peak, self.running = psutil.Process(pid), 0, True
        self.first_cpu, self.last_cpu = None, {}
        self.timeline = []  # (time.monotonic(), CPU seconds so far) at each sample

    def run(self):
        import psutil

        while self.running:
            total, cpu = 0, {}
            try:
                for process in [self.root, *self.root.children(recursive=True)]:
                    try:
                        total += process.memory_info().rss
                        times = process.cpu_times()
                        cpu[process.pid] = times.user + times.system
                    except psutil.Error:
                        pass
            except psutil.Error:
                return
            self.peak = max(self.peak, total)
            self.last_cpu.update(cpu)
            if self.first_cpu is None:
                self.first_cpu = dict(cpu)
            self.timeline.append((time.monotonic(), self.cpu_seconds))
            time.sleep(0.5)

    @property
    def cpu_seconds(self):
        first = self.first_cpu or {}
        return sum(seconds - first.get(pid, 0.0) for pid, seconds in self.last_cpu.items())

    def cpu_since(self, moment):
        """CPU seconds from the last sample at or before `moment` to the last sample."""
        before = [cpu for at, cpu in self.timeline if at <= moment]
        return self.cpu_seconds - (before[-1] if before else 0.0)


# --- one simulated user ------------------------------------------------------------------------------------

class Form(HTMLParser):
    """The fields of the page's POST forms, as a browser would send them (checked boxes, selected options)."""

    def __init__(self, page):
        super().__init__()
        self.forms, self.select, self.textarea = [], None, None
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms.append([])
        elif not self.forms:
            return
        elif tag == "input" and a.get("name") and a.get("type", "text") not in ("submit", "button", "file"):
            if a.get("type") not in ("checkbox", "radio") or "checked" in a:
                self.forms[-1].append((a["name"], a.get("value") or ("on" if a.get("type") == "checkbox" else "")))
        elif tag == "select":
            self.select = [a.get("name"), "multiple" in a, [], None]  # name, multiple, selected, first
        elif tag == "option" and self.select is not None:
            value = a.get("value", "")
            if self.select[3] is None:
                self.select[3] = value
            if "selected" in a:
                self.select[2].append(value)
        elif tag == "textarea":
            self.textarea = [a.get("name"), ""]

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "select" and self.select is not None:
            name, multiple, selected, first = self.select
            if name:
                values = selected if (selected or multiple) else [first or ""]
                self.forms[-1].extend((name, v) for v in values)
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            self.forms[-1].append((self.textarea[0], self.textarea[1].lstrip("\n")))
            self.textarea = None


class Visitor:
    """One person: a keep-alive connection, its cookies, and the time of every request by page."""

    def __init__(self, port, stats):
        self.port, self.stats, self.cookies = port, stats, {}
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def request(self, page, method, path, fields=None, expect=200):
        """(status, location, body) or None on an error (counted)."""
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if fields is not None:
            body = urllib.parse.urlencode(fields).encode()
            headers.update({"Content-Type": "application/x-www-form-urlencoded",
                            "Referer": f"http://127.0.0.1:{self.port}{path}"})
        start = time.perf_counter()
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException) as error:
            self.connection.close()
            self.stats.record(page, time.perf_counter() - start, f"{type(error).__name__}: {error}")
            return None
        elapsed = time.perf_counter() - start
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, value = header.split(";")[0].partition("=")
            self.cookies[name.strip()] = value
        problem = None if response.status == expect else f"HTTP {response.status} {path}"
        self.stats.record(page, elapsed, problem)
        return None if problem else (response.status, response.getheader("Location", ""), data.decode(errors="replace"))

    def post_form(self, page, path, form_page, changes, expect=302):
        forms = Form(form_page).forms
        fields = next((f for f in forms if any(name in changes for name, _ in f)), forms[-1] if forms else [])
        fields = [(name, value) for name, value in fields if name not in changes] + list(changes.items())
        return self.request(page, "POST", path, fields, expect=expect)


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.times, self.errors, self.examples = defaultdict(list), defaultdict(int), {}
        self.ends = []  # (time.monotonic() at the answer, page)
        self.timed = []  # (time.monotonic() at the answer, page, seconds)
        self.failed = []  # (time.monotonic() at the failure, page)

    def record(self, page, seconds, problem):
        with self.lock:
            now = time.monotonic()
            self.times[page].append(seconds)
            self.ends.append((now, page))
            self.timed.append((now, page, seconds))
            if problem:
                self.errors[page] += 1
                self.examples.setdefault(page, problem)
                self.failed.append((now, page))

    def errors_after(self, moment):
        counts = defaultdict(int)
        for at, page in self.failed:
            if at > moment:
                counts[page] += 1
        return counts

    def fail(self, page, problem):
        """An answer with the expected status that is still a failure (already timed)."""
        with self.lock:
            self.errors[page] += 1
            self.examples.setdefault(page, problem)
            self.failed.append((time.monotonic(), page))


def simulate(number, plan, port, stats, deadline, think, writes, realised, start_at):
    """Simulated user `number`: the verifier when number % 10 == 9 (reads only), else an operator of `plan`
    editing sub kegiatan `number // pd_count` of its PD (its own row: two users never edit one row)."""
    rng = random.Random(number)
    time.sleep(max(0.0, start_at - time.monotonic()))
    visitor = Visitor(port, stats)
    verifier = number % 10 == 9
    username = "verifikator" if verifier else plan["username"]
    sub = plan["subs"][number // plan["pd_count"] % len(plan["subs"])]
    row_url = f"/renja/{plan['renja']}/baris/sub-kegiatan/{sub}/"
    done = plan["subs_in_force"][number // plan["pd_count"] % len(plan["subs_in_force"])]  # in the plan in force
    quarter_url = f"/renja/{plan['in_force']}/realisasi/{QUARTER}/"
    realisation_url = f"{quarter_url}sub-kegiatan/{done}/"
    got = visitor.request("login form", "GET", "/masuk/")
    if got is None or visitor.post_form("login", "/masuk/", got[2], {"username": username, "password": PASSWORD}) is None:
        return
    pages = [("home", "/"), ("plan tree", f"/renja/{plan['renja']}/"), ("findings", f"/renja/{plan['renja']}/temuan/"),
             ("dashboard", f"/pd/{plan['pd']}/"), ("pemantauan", f"/renja/{plan['in_force']}/pemantauan/"),
             ("peringkat", "/peringkat/?tahun=2025&triwulan=4")]
    counter = 0
    while time.monotonic() < deadline:
        for page, path in pages:
            if time.monotonic() >= deadline:
                return
            visitor.request(page, "GET", path)
            time.sleep(rng.uniform(0.5, 1.5) * think)
        if not verifier and time.monotonic() < deadline:
            got = visitor.request("row form", "GET", row_url)
            time.sleep(rng.uniform(0.5, 1.5) * think)
            if got is not None:
                counter += 1
                value = f"Kecamatan Beban {number}-{counter}"
                saved = visitor.post_form("row save", row_url, got[2], {"lokasi": value})
                # a save redirects to the plan's tree (at the row's anchor); a refusal would show the form again
                if saved is not None and urllib.parse.urlsplit(saved[1]).path == f"/renja/{plan['renja']}/":
                    writes[sub].append(value)
                elif saved is not None:
                    stats.fail("row save", f"not saved: {saved[1] or 'form shown again'}")
            time.sleep(rng.uniform(0.5, 1.5) * think)
            got = visitor.request("realisation form", "GET", realisation_url)
            time.sleep(rng.uniform(0.5, 1.5) * think)
            if got is not None:
                value = f"Pendorong beban {number}-{counter}"
                saved = visitor.post_form("realisation save", realisation_url, got[2], {"faktor_pendorong": value})
                # a save redirects to the quarter's table (at the row's anchor)
                if saved is not None and urllib.parse.urlsplit(saved[1]).path == quarter_url:
                    realised[done].append(value)
                elif saved is not None:
                    stats.fail("realisation save", f"not saved: {saved[1] or 'form shown again'}")
        if rng.random() < DOWNLOAD_SHARE and time.monotonic() < deadline:
            visitor.request("download xlsx", "GET", f"/renja/{plan['renja']}/unduh/xlsx/")


def check_writes(writes, realised):
    """(acknowledged saves, lost ones, rows not at the last acknowledged save), the plan rows' lokasi and the
    realisation rows' faktor pendorong together."""
    from renja.monitoring.models import RealisasiSubKegiatan
    from renja.plans.models import SubKegiatan

    acknowledged = sum(len(v) for v in writes.values()) + sum(len(v) for v in realised.values())
    lost, wrong = [], []
    for sub, values in writes.items():
        row = SubKegiatan.objects.get(pk=sub)
        history = set(SubKegiatan.history.filter(id=sub).values_list("lokasi", flat=True))
        lost += [(sub, v) for v in values if v not in history]
        if values and row.lokasi != values[-1]:
            wrong.append((sub, row.lokasi, values[-1]))
    for sub, values in realised.items():
        row = RealisasiSubKegiatan.objects.get(sub_kegiatan_id=sub, triwulan=QUARTER)
        history = set(RealisasiSubKegiatan.history.filter(id=row.id).values_list("faktor_pendorong", flat=True))
        lost += [(f"realisasi {sub}", v) for v in values if v not in history]
        if values and row.faktor_pendorong != values[-1]:
            wrong.append((f"realisasi {sub}", row.faktor_pendorong, values[-1]))
    from django.db import connections

    connections.close_all()
    return acknowledged, lost, wrong


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


PAGES = ("login form", "login", "home", "plan tree", "findings", "dashboard", "pemantauan", "peringkat", "row form",
         "row save", "realisation form", "realisation save", "download xlsx")


def table(times_by_page, errors):
    """Print requests, errors and p50/p95/p99 per page; returns the number of requests."""
    header = f"{'page':<16}{'requests':>10}{'errors':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}"
    print(header)
    print("-" * len(header))
    total = 0
    for page in PAGES:
        times = times_by_page.get(page, [])
        total += len(times)
        if not times:
            print(f"{page:<16}{0:>10}{errors.get(page, 0):>8}")
            continue
        cells = [percentile(times, q) * 1000 for q in (0.50, 0.95, 0.99)]
        print(f"{page:<16}{len(times):>10,}{errors.get(page, 0):>8}" + "".join(f"{c:>9,.0f}" for c in cells))
    return total


def run(args, users, plans, port, server):
    stats, writes, realised = Stats(), defaultdict(list), defaultdict(list)
    sampler = RssSampler(server.pid)
    sampler.start()
    own_cpu = time.process_time()
    ramp = min(10.0, args.duration / 6)  # people arrive over the first seconds, not in one instant
    begin = time.monotonic()
    deadline = begin + args.duration
    threads = [threading.Thread(target=simulate, daemon=True,
                                args=(n, {**plans[n % len(plans)], "pd_count": len(plans)}, port, stats, deadline,
                                      args.think, writes, realised, begin + ramp * n / users)) for n in range(users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=max(1.0, deadline + 90 - time.monotonic()))
    elapsed = time.monotonic() - begin
    own_cpu = time.process_time() - own_cpu
    time.sleep(0.6)  # one more sample of the server's CPU
    sampler.running = False
    acknowledged, lost, wrong = check_writes(writes, realised)

    print(f"\n{users} users, {args.duration:.0f} s (ramp-up {ramp:.0f} s), think time {args.think:.1f} s mean")
    total = table(stats.times, stats.errors)
    print(f"total {total:,} requests in {elapsed:.0f} s: {total / elapsed:.1f} requests/s; "
          f"errors {sum(stats.errors.values())}")
    for page, example in stats.examples.items():
        print(f"  first error on {page}: {example}")
    print(f"writes: {acknowledged} acknowledged saves; lost {len(lost)}; rows not at their last save {len(wrong)}"
          + (f" e.g. {(lost or wrong)[:2]}" if lost or wrong else " (no lost write)"))
    print(f"CPU: the server's process tree {sampler.cpu_seconds:,.1f} s ({sampler.cpu_seconds * 1000 / max(total, 1):,.1f} ms "
          f"per request), the load generator {own_cpu:,.1f} s, in {elapsed:.0f} s on {os.cpu_count()} cores")
    # The logins' password hashes (deliberately slow) fall in the first seconds: what the pages cost is the CPU
    # after the last login, per request answered after it.
    logins = [at for at, page in stats.ends if page == "login"]
    if logins:
        after = max(logins)
        answered = sum(1 for at, page in stats.ends if at > after)
        cpu = sampler.cpu_since(after)
        print(f"  after the last login ({after - begin:.0f} s on): {cpu:,.1f} s for {answered:,} requests, "
              f"{cpu * 1000 / max(answered, 1):,.1f} ms per request")
        # The steady state, as a load test reports it once every user is in (locust's --reset-stats): the
        # requests answered after the last login, the logins' hashing no longer on the cores.
        print(f"the requests answered after the last login ({after - begin:.0f} s on):")
        steady = defaultdict(list)
        for at, page, seconds in stats.timed:
            if at > after:
                steady[page].append(seconds)
        table(steady, stats.errors_after(after))
    print(f"peak RSS of the server's process tree: {sampler.peak / 2**20:,.0f} MiB", flush=True)


def main():
    args = parse_args()
    description, clean_up = setup_database()
    try:
        started = time.perf_counter()
        plans = load_city(args.pd, args.sub)
        print(f"Renja load benchmark — {description}")
        print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}; city {args.pd} PD × {args.sub} sub "
              f"kegiatan (drafts 2026, plans in force 2025), loaded in {time.perf_counter() - started:.0f} s",
              flush=True)
        log = open(Path(os.environ["RENJA_HOME"]) / "serve.log", "w")
        server, port = start_server(args, log)
        try:
            with open(log.name) as out:
                shape = re.search(r"gunicorn: (\d+) proses × (\d+) thread", out.read())
            if shape:
                print(f"server: renja serve (gunicorn), {shape[1]} worker process(es) × {shape[2]} threads")
            for users in args.users:
                run(args, users, plans, port, server)
        finally:
            server.terminate()
            try:
                server.wait(timeout=90)
            except subprocess.TimeoutExpired:
                server.kill()
            log.close()
            with open(log.name) as out:
                lines = out.readlines()
            problems = [line for line in lines if "Traceback" in line or " ERROR " in line or "database is locked" in line]
            print(f"server log: {len(problems)} error line(s)" + (f", first: {problems[0].strip()}" if problems else ""))
            if problems:  # the log goes with the temporary home: the first error in full, to be read later
                first = lines.index(problems[0])
                print("".join(lines[first:first + 60]).rstrip())
    finally:
        clean_up()


if __name__ == "__main__":
    main()
