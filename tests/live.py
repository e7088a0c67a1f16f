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
import tempfile
import time
import urllib.parse
import urllib.request


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


@contextlib.contextmanager
def serving(env, *args):
    """Start `renja serve` with `env`; yield its base URL once it answers; stop it afterwards."""
    port = free_port()
    # The output goes to a file, not a pipe: a pipe nobody reads until the end fills with the access log and
    # stalls the server.
    log = tempfile.TemporaryFile(mode="w+", encoding="utf-8")
    server = subprocess.Popen([sys.executable, "-m", "renja.cli", "serve", "--port", str(port), *args], env=env,
                              stdout=log, stderr=subprocess.STDOUT)
    server.output = lambda: (log.seek(0), log.read())[1]
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"{base}/masuk/", timeout=5):
                    break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    server.kill()
                    server.wait()
                    raise AssertionError(f"server tidak menjawab: {server.output()[-3000:]}")
                time.sleep(0.3)
        server.base_url = base
        yield server
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


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
