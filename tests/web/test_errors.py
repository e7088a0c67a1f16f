"""A server error is logged with its request and user, shows the Indonesian 500 page with a code that is in
the log, and what the failing request wrote is rolled back."""

import logging

import pytest
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse

from renja.core.logging import RotatingFile
from renja.organizations.models import Profil
from renja.reference.models import SumberDana
from renja.web.middleware import AtomicWritesMiddleware

from .people import load_plan, make_user

pytestmark = pytest.mark.django_db


class Collect(logging.Handler):
    def __init__(self):
        super().__init__()
        self.records = []

    def emit(self, record):
        self.records.append(record)


def test_a_server_error_is_logged_with_request_user_and_the_code_the_page_shows(monkeypatch):
    renja = load_plan(0, subs=3)
    user = make_user("operator_satu", Profil.Peran.OPERATOR_PD, renja.perangkat_daerah.pemda, renja.perangkat_daerah)

    def broken(*args, **kwargs):
        raise RuntimeError("kerusakan buatan untuk uji")

    monkeypatch.setattr("renja.web.views.plan.shared_view", broken)
    logger = logging.getLogger("django.request")
    collect = Collect()
    logger.addHandler(collect)
    client = Client(raise_request_exception=False)
    client.force_login(user)
    try:
        response = client.get(reverse("web:renja", args=[renja.id]))
    finally:
        logger.removeHandler(collect)

    page = response.content.decode()
    assert response.status_code == 500
    assert "Terjadi kesalahan pada server" in page and "hubungi Admin Pemda" in page
    code = page.split("kode kejadian <strong>")[1].split("</strong>")[0]
    assert len(code) == 8 and code != "-"

    [record] = [r for r in collect.records if r.levelno >= logging.ERROR]
    assert record.exc_info and "kerusakan buatan" in str(record.exc_info[1])
    line = next(h for h in logger.handlers if isinstance(h, RotatingFile)).format(record)
    assert f"[{code}] operator_satu GET /renja/{renja.id}/" in line
    assert "RuntimeError: kerusakan buatan untuk uji" in line  # the traceback goes to the log, not the page
    assert "RuntimeError" not in page

    # the same line reached the rotating file under RENJA_HOME
    file_handler = next(h for h in logger.handlers if isinstance(h, RotatingFile))
    file_handler.flush()
    with open(file_handler.baseFilename, encoding="utf-8") as log:
        assert f"[{code}] operator_satu GET /renja/{renja.id}/" in log.read()


def test_a_writing_request_that_fails_leaves_nothing_written():
    def half_done(request):
        SumberDana.objects.create(kode="UJI-SETENGAH", nama="Setengah jadi")
        return HttpResponse(status=500)

    def done(request):
        SumberDana.objects.create(kode="UJI-UTUH", nama="Utuh")
        return HttpResponse(status=200)

    factory = RequestFactory()
    AtomicWritesMiddleware(half_done)(factory.post("/tidak-ada/"))
    AtomicWritesMiddleware(done)(factory.post("/tidak-ada/"))
    assert not SumberDana.objects.filter(kode="UJI-SETENGAH").exists()
    assert SumberDana.objects.filter(kode="UJI-UTUH").exists()


def test_reading_requests_and_the_login_take_no_write_lock():
    from django.db import connection

    seen = []

    def view(request):
        seen.append(len(connection.atomic_blocks))
        return HttpResponse()

    factory = RequestFactory()
    AtomicWritesMiddleware(view)(factory.get("/"))
    AtomicWritesMiddleware(view)(factory.post(reverse("web:login")))
    AtomicWritesMiddleware(view)(factory.post("/tidak-ada/"))
    # pytest-django runs each test inside a transaction: count the atomic blocks the middleware adds to it
    outside = len(connection.atomic_blocks)
    assert seen == [outside, outside, outside + 1]
