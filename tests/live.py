"""A real `renja serve` in a subprocess, on a database of its own, for tests that need real concurrency.

The suite's own test database is in memory (SQLite) or inside a transaction (PostgreSQL), where threads
cannot meet as they do in production. Here the server gets a SQLite file under a temporary RENJA_HOME, or,
when the suite runs on PostgreSQL, a new database on the same server, dropped afterwards.
"""

import contextlib
import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_env(home):
    env = {k: v for k, v in os.environ.items() if k not in {"RENJA_DATABASE_URL", "DJANGO_SETTINGS_MODULE"}}
    env["RENJA_HOME"] = str(home)
    return env


@contextlib.contextmanager
def own_database():
    """None for SQLite (the server makes its file), else the URL of a new PostgreSQL database."""
    url = os.environ.get("RENJA_DATABASE_URL")
    if not url:
        yield None
        return
    import psycopg

    name = f"renja_live_{os.getpid()}_{time.monotonic_ns() % 10**6}"
    admin = psycopg.connect(url, autocommit=True)
    admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urllib.parse.urlunsplit(urllib.parse.urlsplit(url)._replace(path=f"/{name}"))
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def run_renja(env, *args, script=None, timeout=300):
    command = [sys.executable, "-c", script] if script else [sys.executable, "-m", "renja.cli", *args]
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, result.stdout + result.stderr
    return result


class Served:
    """`renja serve ARGS` with `env`, its output in files under `logs` (never a pipe: one that nobody reads
    fills with the access log and stalls the server), so that a test can read it while the server runs."""

    def __init__(self, env, logs, *args):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.out, self.err = Path(logs) / "serve.out", Path(logs) / "serve.err"
        with open(self.out, "w") as out, open(self.err, "w") as err:
            self.process = subprocess.Popen([sys.executable, "-m", "renja.cli", "serve", "--port", str(self.port),
                                             *args], env=env, stdout=out, stderr=err, text=True)

    def get(self, path, timeout=5):
        with urllib.request.urlopen(self.url + path, timeout=timeout) as response:
            return response, response.read().decode()

    def wait_until(self, condition, what, seconds=120):
        deadline = time.monotonic() + seconds
        while True:
            try:
                result = condition()
                if result:
                    return result
            except OSError:
                pass
            if time.monotonic() > deadline or self.process.poll() is not None:
                raise AssertionError(f"{what}: {self.err.read_text()[-3000:]}")
            time.sleep(0.3)

    def worker_pids(self):
        """The PIDs gunicorn said it booted (the server may have other children: the background worker)."""
        return [int(pid) for pid in re.findall(r"Booting worker with pid: (\d+)", self.err.read_text())]

    def output(self):
        return self.out.read_text() + self.err.read_text()

    def stop(self):
        """Stop as systemd would (SIGTERM), killed if it has not finished in 30 s."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@contextlib.contextmanager
def serving(env, logs, *args):
    """A `Served` server that answers its login page; stopped afterwards."""
    server = Served(env, logs, *args)
    try:
        server.wait_until(lambda: server.get("/masuk/"), "server tidak menjawab")
        yield server
    finally:
        server.stop()


class Browser:
    """One visitor: its own cookies, logging in as a person does (GET the form, POST it with the CSRF token)."""

    def __init__(self, base_url):
        self.base_url = base_url
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def get(self, path, timeout=60):
        with self.opener.open(self.base_url + path, timeout=timeout) as response:
            return response.status, response.geturl(), response.read().decode()

    def post(self, path, data, timeout=60):
        status, _, page = self.get(path, timeout)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        body = urllib.parse.urlencode({"csrfmiddlewaretoken": token, **data}).encode()
        request = urllib.request.Request(self.base_url + path, data=body, headers={"Referer": self.base_url + path})
        with self.opener.open(request, timeout=timeout) as response:
            return response.status, response.geturl(), response.read().decode()

    def login(self, username, password):
        return self.post("/masuk/", {"username": username, "password": password})
