"""Headers and limits: the Content Security Policy on every response, no inline script in any template, request
bodies bounded, sessions that end, passwords checked by Django's validators in Indonesian."""

import re
from pathlib import Path

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from .people import make_world

pytestmark = pytest.mark.django_db

TEMPLATES = Path(__file__).resolve().parents[2] / "renja"


def policy(response):
    header = response.headers.get("Content-Security-Policy")
    assert header, f"tanpa Content-Security-Policy: {response.status_code}"
    return {part.split()[0]: part.split()[1:] for part in header.split("; ")}


def test_every_kind_of_response_carries_the_policy(settings):
    settings.DEBUG = False
    world = make_world(subs=2)
    client = Client()
    anonymous = [client.get(reverse("web:login")), client.get(reverse("web:home")), client.get("/tidak-ada/")]
    client.force_login(world.users["operator_a1"])
    plan = world.plans["a1"]
    signed_in = [client.get(reverse("web:home")), client.get(reverse("web:renja", args=[plan.id])),
                 client.get(reverse("web:renja", args=[world.plans["b"].id]))]  # 404: another Pemda's plan
    statuses = [r.status_code for r in anonymous + signed_in]
    assert statuses == [200, 302, 404, 200, 200, 404]
    for response in anonymous + signed_in:
        directives = policy(response)
        assert directives["script-src"] == ["'self'"]  # no 'unsafe-inline', no 'unsafe-eval', no other host
        assert directives["default-src"] == ["'self'"] and directives["object-src"] == ["'none'"]
        assert directives["frame-ancestors"] == ["'none'"] and directives["style-src-elem"] == ["'self'"]
        assert directives["style-src-attr"] == ["'unsafe-inline'"]  # the only inline allowance: style attributes


def test_the_admin_carries_the_policy(admin_client):
    directives = policy(admin_client.get("/admin/"))
    assert directives["script-src"] == ["'self'"]


def template_files():
    return sorted(p for p in TEMPLATES.rglob("templates/**/*.html"))


def test_no_template_has_an_inline_script_or_event_handler():
    files = template_files()
    assert len(files) > 30
    inline = []
    for path in files:
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r"<script\b([^>]*)>", text, re.I):
            if "src=" not in match.group(1):
                inline.append(f"{path.relative_to(TEMPLATES)}: <script{match.group(1)}>")
        for match in re.finditer(r"\s(on[a-z]+)\s*=", text):
            inline.append(f"{path.relative_to(TEMPLATES)}: {match.group(1)}=")
        if "javascript:" in text:
            inline.append(f"{path.relative_to(TEMPLATES)}: javascript:")
        if re.search(r"<style\b", text, re.I):
            inline.append(f"{path.relative_to(TEMPLATES)}: <style>")
    assert inline == []


def test_the_progress_pages_load_their_script_from_a_static_file():
    from django.contrib.staticfiles import finders

    for name in ("web/document_progress.js", "web/upload_progress.js"):
        found = finders.find(name)
        assert found and "fetch(" in Path(found).read_text(encoding="utf-8")
    for template in ("web/dashboard/document_progress.html", "web/plan_import/progress.html"):
        text = (TEMPLATES / "web" / "templates" / template).read_text(encoding="utf-8")
        assert re.search(r"<script src=\"\{% static 'web/\w+\.js' %\}\" defer></script>", text)


def test_a_body_larger_than_any_upload_is_refused_before_it_is_read(settings):
    settings.RENJA_REQUEST_MAX_BYTES = 1024
    world = make_world(subs=2)
    client = Client()
    client.force_login(world.users["operator_a1"])
    pd = world.plans["a1"].perangkat_daerah
    url = reverse("web:unggah_renja", args=[pd.id])
    response = client.generic("POST", url, b"x" * 2048, content_type="application/octet-stream")
    assert response.status_code == 413
    assert "terlalu besar" in response.content.decode() and "tidak ada yang berubah" in response.content.decode()
    assert client.post(url, {"tahun": "x"}).status_code != 413  # a small form still reaches its view


def test_the_settings_bound_uploads_and_rows():
    from django.conf import settings

    assert settings.RENJA_REQUEST_MAX_BYTES > settings.RENJA_IMPORT_MAX_BYTES  # the form's message comes first
    assert settings.RENJA_IMPORT_MAX_ROWS == 20000
    assert settings.DATA_UPLOAD_MAX_NUMBER_FIELDS >= 1000


def test_a_session_ends_with_the_browser_and_after_a_working_day(settings):
    from django.conf import settings as live

    assert live.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert live.SESSION_COOKIE_AGE == 10 * 3600 and live.SESSION_COOKIE_HTTPONLY
    world = make_world(subs=2)
    client = Client()
    response = client.post(reverse("web:login"), {"username": "operator_a1", "password": "rahasia-uji-123"})
    assert response.status_code == 302
    cookie = response.cookies[live.SESSION_COOKIE_NAME]
    assert cookie["max-age"] == "" and cookie["expires"] == ""  # a browser-session cookie
    assert cookie["httponly"]
    from django.contrib.sessions.models import Session

    session = Session.objects.get(session_key=cookie.value)
    from django.utils import timezone

    left = (session.expire_date - timezone.now()).total_seconds()
    assert 10 * 3600 - 60 < left <= 10 * 3600
    assert world.users["operator_a1"].is_authenticated


@pytest.mark.parametrize("password, message", [
    ("pendek1", "terlalu pendek"),
    ("8264019375162", "seluruhnya terdiri dari angka"),
    ("password1234", "terlalu umum"),
])
def test_passwords_are_checked_by_djangos_validators_in_indonesian(password, message):
    with pytest.raises(ValidationError) as refused:
        validate_password(password)
    assert any(message in m for m in refused.value.messages), refused.value.messages


def test_a_good_password_and_the_demo_password_pass():
    from renja.demo.setup import PASSWORD

    validate_password("Renja-Kota-Jambi-2026")
    validate_password(PASSWORD)


def test_the_admin_refuses_a_weak_password(admin_client):
    response = admin_client.post("/admin/auth/user/add/", {
        "username": "baru", "password1": "12345", "password2": "12345", "usable_password": "true"})
    assert response.status_code == 200
    assert "terlalu pendek" in response.content.decode()
