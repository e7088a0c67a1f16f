"""The workflow's record in the admin: readable by whoever may see the plan, never added, changed or deleted
there, and another Pemda's steps are not shown."""

import pytest
from django.urls import reverse

from renja.demo.setup import create_demo_users, load_demo_data
from renja.plans.models import Renja, SubKegiatan
from renja.workflow.models import KomentarBaris, Transisi
from renja.workflow.transitions import perform
from tests.workflow.people_and_plans import load_clean, people_for, set_status


@pytest.fixture
def steps(client):
    """A returned demo plan (with a row comment), and a returned plan of another Pemda."""
    from django.contrib.auth.models import User

    demo, _ = load_demo_data()
    create_demo_users(demo)
    set_status(demo, "diajukan")
    sub = SubKegiatan.objects.filter(kegiatan__program__renja=demo).first()
    perform(demo, User.objects.get(username="verifikator"), "kembalikan", reason="Alasan Jambi",
            comments=[(sub, "Komentar Jambi")])
    other = set_status(load_clean(), "diajukan")
    perform(other, people_for(other)["verifikator"], "kembalikan", reason="Alasan Kota Contoh",
            comments=[(SubKegiatan.objects.filter(kegiatan__program__renja=other).first(), "Komentar Contoh")])
    return Transisi.objects.get(renja=demo), Transisi.objects.get(renja=other)


@pytest.mark.parametrize("username", ["admin", "verifikator", "operator"])
def test_steps_are_read_only_and_scoped(client, steps, username):
    from django.contrib.auth.models import User

    mine, foreign = steps
    client.force_login(User.objects.get(username=username))
    listing = client.get(reverse("admin:workflow_transisi_changelist")).content.decode()
    assert "DPMP-PA" in listing and "DP3A" not in listing
    page = client.get(reverse("admin:workflow_transisi_change", args=[mine.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Alasan Jambi" in body and "Komentar Jambi" in body
    assert 'name="alasan"' not in body and 'name="_save"' not in body  # nothing to edit or save
    assert client.get(reverse("admin:workflow_transisi_change", args=[foreign.pk])).status_code in (302, 404)
    comments = client.get(reverse("admin:workflow_komentarbaris_changelist")).content.decode()
    assert "Komentar Jambi" in comments and "Komentar Contoh" not in comments

    assert client.get(reverse("admin:workflow_transisi_add")).status_code == 403
    assert client.post(reverse("admin:workflow_transisi_change", args=[mine.pk]),
                       {"alasan": "diubah"}).status_code == 403
    assert client.post(reverse("admin:workflow_transisi_delete", args=[mine.pk]), {"post": "yes"}).status_code == 403
    assert client.get(reverse("admin:workflow_komentarbaris_add")).status_code == 403
    assert Transisi.objects.get(pk=mine.pk).alasan == "Alasan Jambi"
    assert KomentarBaris.objects.count() == 2 and Renja.objects.count() == 2
