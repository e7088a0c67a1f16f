"""The Renstra matrix in the app: read by the PD's users, a row edited by its operator with the same locking and
history as a Renja's rows; unreadable values refused with nothing written; queries constant in the rows."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from renja.renstra.models import BarisRenstra, PaguRenstra, TargetRenstra

from .people import make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return make_world(subs=4)


def client_of(world, name):
    client = Client()
    client.force_login(world.users[name])
    return client


def sub_row(pd):
    return BarisRenstra.objects.filter(renstra__perangkat_daerah=pd, tingkat="sub_kegiatan").order_by("id").first()


def form_of(row, **changes):
    years = range(row.renstra.periode_mulai, row.renstra.periode_selesai + 1)
    pagu = {p.tahun: p.pagu_teks for p in row.pagu.all()}
    data = {"versi": row.versi, "nama": row.nama, "lokasi": row.lokasi,
            "unit_penanggung_jawab": row.unit_penanggung_jawab}
    data.update({f"pagu_{y}": pagu.get(y, "") for y in years})
    for indicator in row.indikator.all():
        targets = {t.tahun: t.teks for t in indicator.target.all()}
        data.update({f"target_{indicator.pk}_{y}": targets.get(y, "") for y in years})
    data.update(changes)
    return data


def test_the_matrix_is_shown_and_its_operator_edits_a_row_with_history(world):
    pd = world.plans["a1"].perangkat_daerah
    row = sub_row(pd)
    year = row.renstra.periode_mulai
    page = client_of(world, "pimpinan_a1").get(reverse("web:renstra", args=[pd.pk])).content.decode()
    assert row.nama in page and reverse("web:renstra_baris", args=[pd.pk, row.pk]) not in page  # read only
    client = client_of(world, "operator_a1")
    assert reverse("web:renstra_baris", args=[pd.pk, row.pk]) in client.get(
        reverse("web:renstra", args=[pd.pk])).content.decode()
    response = client.post(reverse("web:renstra_baris", args=[pd.pk, row.pk]),
                           form_of(row, lokasi="Kecamatan Baru", **{f"pagu_{year}": "Rp 123.000.000"}))
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.lokasi == "Kecamatan Baru" and row.versi == 2
    assert PaguRenstra.objects.get(baris=row, tahun=year).pagu == 123_000_000
    record = row.history.first()
    assert (record.history_user, record.history_change_reason) == (world.users["operator_a1"], "diubah di aplikasi")


def test_a_second_save_of_the_same_version_is_refused_and_bad_values_change_nothing(world):
    pd = world.plans["a1"].perangkat_daerah
    row = sub_row(pd)
    year = row.renstra.periode_mulai
    client = client_of(world, "operator_a1")
    url = reverse("web:renstra_baris", args=[pd.pk, row.pk])
    opened = form_of(row)
    assert client.post(url, dict(opened, lokasi="Pertama")).status_code == 302
    late = client.post(url, dict(opened, lokasi="Kedua"))
    assert late.status_code == 409 and "telah diubah" in late.content.decode()
    row.refresh_from_db()
    bad = client.post(url, form_of(row, lokasi="Ketiga", **{f"pagu_{year}": "12x"}))
    assert bad.status_code == 400 and "Pagu" in bad.content.decode() and "12x" in bad.content.decode()
    indicator = row.indikator.first()
    if indicator is not None:
        worse = client.post(url, form_of(row, **{f"target_{indicator.pk}_{year}": "lima"}))
        assert worse.status_code == 400 and "lima" in worse.content.decode()
    row.refresh_from_db()
    assert row.lokasi == "Pertama" and row.versi == 2
    assert TargetRenstra.objects.filter(indikator__baris=row, teks="lima").count() == 0


def test_only_the_pds_operator_edits_and_other_pds_do_not_see_it(world):
    pd = world.plans["a1"].perangkat_daerah
    row = sub_row(pd)
    url = reverse("web:renstra_baris", args=[pd.pk, row.pk])
    assert client_of(world, "verifikator_a").post(url, form_of(row, lokasi="x")).status_code == 403
    assert client_of(world, "operator_a2").get(url).status_code == 404
    assert client_of(world, "operator_b").get(reverse("web:renstra", args=[pd.pk])).status_code == 404
    other = sub_row(world.plans["a2"].perangkat_daerah)  # a row of another PD under this PD's URL
    assert client_of(world, "operator_a1").get(reverse("web:renstra_baris", args=[pd.pk, other.pk])).status_code == 404


def test_the_matrix_page_reads_a_fixed_number_of_queries(world):
    small = world.plans["a1"].perangkat_daerah
    big = make_world_plan(world)
    client = client_of(world, "verifikator_a")
    counts = []
    for pd in (small, big):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("web:renstra", args=[pd.pk])).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def make_world_plan(world):
    from .people import load_plan

    return load_plan(5, subs=40, pemda=None).perangkat_daerah


# --- the Renstra's workflow on its page --------------------------------------------------------------------


def test_the_workflow_buttons_steps_and_a_set_renstra_read_only_on_the_page(world):
    from renja.workflow.models import TransisiRenstra

    pd = world.plans["a1"].perangkat_daerah
    row = sub_row(pd)
    page_url = reverse("web:renstra", args=[pd.pk])
    operator, verifier, head = (client_of(world, n) for n in ("operator_a1", "verifikator_a", "pimpinan_a1"))
    ajukan = reverse("web:renstra_alur", args=[pd.pk, "ajukan"])
    page = operator.get(page_url).content.decode()
    assert ajukan in page and "Draf" in page
    assert ajukan not in verifier.get(page_url).content.decode()  # only the operator submits
    assert operator.get(ajukan).status_code == 405  # a step is a POST
    assert operator.post(ajukan).status_code == 302
    page = operator.get(page_url).content.decode()
    assert "Diajukan" in page and reverse("web:renstra_baris", args=[pd.pk, row.pk]) not in page
    refused = operator.post(reverse("web:renstra_baris", args=[pd.pk, row.pk]), form_of(row, lokasi="Baru"))
    assert refused.status_code == 400 and "berstatus Diajukan" in refused.content.decode()
    # the verifier returns it: the reason is required, then shown on the page
    kembalikan = reverse("web:renstra_alur", args=[pd.pk, "kembalikan"])
    assert 'name="alasan"' in verifier.get(kembalikan).content.decode()
    assert verifier.post(kembalikan, {"alasan": " "}).status_code == 400
    assert verifier.post(kembalikan, {"alasan": "Pagu 2023 melebihi pagu RPJMD"}).status_code == 302
    page = operator.get(page_url).content.decode()
    assert "Dikembalikan" in page and "Pagu 2023 melebihi pagu RPJMD" in page
    assert reverse("web:renstra_baris", args=[pd.pk, row.pk]) in page  # editable again
    operator.post(ajukan)
    verifier.post(reverse("web:renstra_alur", args=[pd.pk, "verifikasi"]))
    head.post(reverse("web:renstra_alur", args=[pd.pk, "tetapkan"]))
    assert [s.ke for s in TransisiRenstra.objects.order_by("id")] == [
        "diajukan", "dikembalikan", "diajukan", "diverifikasi", "ditetapkan"]
    page = operator.get(page_url).content.decode()
    assert "Ditetapkan" in page and "sudah ditetapkan oleh Pimpinan A1" in page
    assert 'id="alur-renstra"' not in page  # no step left
    # a step not allowed is refused with the reason, nothing recorded
    late = head.post(reverse("web:renstra_alur", args=[pd.pk, "tetapkan"]), follow=True)
    assert "tidak dapat ditetapkan lagi" in late.content.decode()
    assert TransisiRenstra.objects.count() == 5


def test_the_matrix_page_with_its_steps_reads_a_fixed_number_of_queries(world):
    from renja.workflow import renstra as flow

    pd = world.plans["a1"].perangkat_daerah
    client = client_of(world, "operator_a1")
    url = reverse("web:renstra", args=[pd.pk])
    renstra = sub_row(pd).renstra

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    flow.perform(renstra, world.users["operator_a1"], "ajukan")
    one = count()
    flow.perform(renstra, world.users["verifikator_a"], "kembalikan", reason="uji")
    flow.perform(renstra, world.users["operator_a1"], "ajukan")
    flow.perform(renstra, world.users["verifikator_a"], "kembalikan", reason="uji lagi")
    assert count() == one


def test_the_renstra_downloads_read_back_as_the_same_matrix(world, tmp_path):
    import yaml

    from renja.exchange.workbook import read_workbook

    pd = world.plans["a1"].perangkat_daerah
    client = client_of(world, "pimpinan_a1")
    page = client.get(reverse("web:renstra", args=[pd.pk])).content.decode()
    assert reverse("web:renstra_unduh", args=[pd.pk, "yaml"]) in page
    data = client.get(reverse("web:renstra_unduh", args=[pd.pk, "yaml"]))
    assert data.status_code == 200 and data["Content-Disposition"].endswith('.yaml"')
    document = yaml.safe_load(data.content.decode("utf-8"))
    codes = [r.kode for r in BarisRenstra.objects.filter(renstra__perangkat_daerah=pd, tingkat="program")
             .order_by("urutan", "id")]
    assert "renja" not in document and [p["kode"] for p in document["renstra"]["program"]] == codes
    workbook = client.get(reverse("web:renstra_unduh", args=[pd.pk, "xlsx"]))
    assert workbook.status_code == 200
    path = tmp_path / "renstra.xlsx"
    path.write_bytes(workbook.content)
    assert [p["kode"] for p in read_workbook(path, pd=pd).document["renstra"]["program"]] == codes
    assert client.get(reverse("web:renstra_unduh", args=[pd.pk, "pdf"])).status_code == 404
    assert client_of(world, "operator_b").get(reverse("web:renstra_unduh", args=[pd.pk, "yaml"])).status_code == 404
