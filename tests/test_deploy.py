"""Production settings pass Django's deployment check, and refuse to start without a secret key."""

import os
import secrets
import subprocess
import sys


def run_check(**extra):
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "RENJA_SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env.update(DJANGO_SETTINGS_MODULE="renja.settings.prod", RENJA_ALLOWED_HOSTS="renja.example.go.id", **extra)
    return subprocess.run([sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
                          env=env, capture_output=True, text=True, timeout=120)


def test_production_settings_pass_the_deployment_check(tmp_path):
    result = run_check(RENJA_SECRET_KEY=secrets.token_urlsafe(60), RENJA_HOME=str(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_need_a_secret_key(tmp_path):
    result = run_check(RENJA_HOME=str(tmp_path))
    assert result.returncode != 0 and "RENJA_SECRET_KEY" in result.stderr
