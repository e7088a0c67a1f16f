"""Every model has an admin screen in Bahasa Indonesia, and each opens on the demo data."""

import pytest
from django.contrib import admin
from django.urls import reverse

from renja.demo.setup import create_demo_users, load_demo_data

pytestmark = pytest.mark.django_db

RENJA_APPS = {"organizations", "reference", "plans", "renstra", "monitoring", "workflow", "renja_tasks", "audit", "api"}


@pytest.fixture
def demo(client):
    load_demo_data()
    create_demo_users()
    return client


def test_every_model_of_renja_is_in_the_admin():
    from django.apps import apps

    # Field history (django-simple-history) is read on the app's history pages, not edited in the admin.
    models = {m for m in apps.get_models()
              if m._meta.app_label in RENJA_APPS and not m.__name__.startswith("Historical")}
    assert models - set(admin.site._registry) == set()


@pytest.mark.parametrize("username", ["admin", "verifikator"])
def test_every_list_and_a_detail_page_open_in_indonesian(demo, username):
    from django.contrib.auth.models import User

    demo.force_login(User.objects.get(username=username))
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label not in RENJA_APPS:
            continue
        info = (model._meta.app_label, model._meta.model_name)
        response = demo.get(reverse("admin:%s_%s_changelist" % info))
        assert response.status_code == 200, info
        assert 'lang="id"' in response.content.decode()
        # the first row the user may see (the demo's Provinsi Jambi is not Kota Jambi's to open)
        first = model_admin.get_queryset(response.wsgi_request).first()
        if first is not None:
            response = demo.get(reverse("admin:%s_%s_change" % info, args=[first.pk]))
            assert response.status_code == 200, info


def test_computed_totals_are_shown_not_editable(demo):
    from django.contrib.auth.models import User

    from renja.plans.models import Renja

    demo.force_login(User.objects.get(username="admin"))
    renja = Renja.objects.get()
    page = demo.get(reverse("admin:plans_renja_change", args=[renja.pk])).content.decode()
    assert "total pagu n (dihitung)" in page.lower()
    assert 'name="total_pagu_n"' not in page


def test_admin_shows_each_user_only_what_their_role_may_see(demo):
    """The inspection admin already keeps Pemda and PD apart: another Pemda's plan never shows."""
    from django.contrib.auth.models import User

    from renja.exchange.loader import load_file
    from renja.plans.models import Renja, SubKegiatan

    from .conftest import CLEAN_PLAN

    other = load_file(CLEAN_PLAN).renja
    other_sub = SubKegiatan.objects.filter(kegiatan__program__renja=other).first()
    for username in ("operator", "verifikator", "admin"):
        demo.force_login(User.objects.get(username=username))
        listing = demo.get(reverse("admin:plans_renja_changelist")).content.decode()
        assert "DPMP-PA" in listing and "DP3A" not in listing and "Kota Contoh" not in listing, username
        assert demo.get(reverse("admin:plans_renja_change", args=[other.pk])).status_code in (302, 404), username
        assert demo.get(reverse("admin:plans_subkegiatan_change", args=[other_sub.pk])).status_code in (302, 404)
        mine = Renja.objects.exclude(pk=other.pk).get()
        form = demo.get(reverse("admin:plans_renja_change", args=[mine.pk])).content.decode()
        assert "DP3A" not in form and "Kota Contoh" not in form, username  # no other Pemda's PD to choose
    assert Renja.objects.count() == 2
