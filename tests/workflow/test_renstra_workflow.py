"""The Renstra's workflow: Draf → Diajukan → Diverifikasi (or Dikembalikan, with a reason) → Ditetapkan, who may
take which step (written out by hand here), every step recorded, and a set Renstra read-only: in the app and for a
file that would replace it."""

import pytest

from renja.exchange.loader import LoadError, load_document
from renja.plans.editing import InvalidEdit
from renja.plans.models import Renstra
from renja.renstra import editing
from renja.renstra.models import BarisRenstra
from renja.workflow import renstra as flow
from renja.workflow.models import TransisiRenstra
from renja.workflow.transitions import WorkflowRefused
from tests.web.people import make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return make_world(subs=4)


def renstra_of(world, plan="a1"):
    return Renstra.objects.select_related("perangkat_daerah__pemda").get(
        perangkat_daerah=world.plans[plan].perangkat_daerah)


def row_of(renstra):
    return BarisRenstra.objects.filter(renstra=renstra, tingkat="sub_kegiatan").order_by("id").first()


def test_the_whole_way_with_a_return_every_step_recorded(world):
    renstra, users = renstra_of(world), world.users
    assert flow.status_of(renstra) == "draft" and flow.edit_refusal(renstra) is None
    flow.perform(renstra, users["operator_a1"], "ajukan")
    assert flow.status_of(renstra) == "diajukan"
    with pytest.raises(WorkflowRefused) as no_reason:
        flow.perform(renstra, users["verifikator_a"], "kembalikan", reason="  ")
    assert no_reason.value.field == "alasan"
    flow.perform(renstra, users["verifikator_a"], "kembalikan", reason="Target 2021 belum sesuai RPJMD")
    assert flow.status_of(renstra) == "dikembalikan" and flow.edit_refusal(renstra) is None  # editable again
    flow.perform(renstra, users["operator_a1"], "ajukan")
    flow.perform(renstra, users["verifikator_a"], "verifikasi")
    flow.perform(renstra, users["pimpinan_a1"], "tetapkan")
    steps = [(s.dari, s.ke, s.oleh.username, s.peran, s.alasan) for s in flow.steps(renstra)]
    assert steps == [
        ("draft", "diajukan", "operator_a1", "operator_pd", ""),
        ("diajukan", "dikembalikan", "verifikator_a", "verifikator_bappeda", "Target 2021 belum sesuai RPJMD"),
        ("dikembalikan", "diajukan", "operator_a1", "operator_pd", ""),
        ("diajukan", "diverifikasi", "verifikator_a", "verifikator_bappeda", ""),
        ("diverifikasi", "ditetapkan", "pimpinan_a1", "pimpinan_pd", ""),
    ]
    assert flow.status_of(renstra) == "ditetapkan"
    assert flow.allowed_actions(renstra, users["operator_a1"]) == []


@pytest.mark.parametrize("user, action, why", [
    ("verifikator_a", "ajukan", "hanya dapat dilakukan oleh Operator PD"),
    ("operator_a2", "ajukan", "bukan perangkat daerah lain"),
    ("operator_b", "ajukan", "bukan perangkat daerah lain"),
    ("operator_a1", "verifikasi", "hanya dapat dilakukan oleh Verifikator Bappeda"),
    ("verifikator_b", "verifikasi", "Verifikator Bappeda Kota Sintetis"),  # another Pemda
    ("pimpinan_a1", "tetapkan", "tidak dapat ditetapkan"),  # a Draf is not set
    ("tanpa_peran", "ajukan", "belum memiliki peran"),
])
def test_who_may_not_take_which_step_is_told_why_and_nothing_changes(world, user, action, why):
    renstra = renstra_of(world)
    with pytest.raises(WorkflowRefused) as refused:
        flow.perform(renstra, world.users[user], action)
    assert why in " ".join(refused.value.errors)
    assert TransisiRenstra.objects.count() == 0


def test_a_second_verifier_is_told_who_was_first(world):
    renstra = renstra_of(world)
    flow.perform(renstra, world.users["operator_a1"], "ajukan")
    flow.perform(renstra, world.users["verifikator_a"], "verifikasi")
    with pytest.raises(WorkflowRefused) as late:
        flow.perform(renstra, world.users["verifikator_a"], "verifikasi")
    assert "tidak dapat diverifikasi lagi" in late.value.errors[0] and "Verifikator A" in late.value.errors[0]


def test_a_renstra_without_a_matrix_is_not_submitted(world):
    renstra = renstra_of(world)
    BarisRenstra.objects.filter(renstra=renstra).delete()
    with pytest.raises(WorkflowRefused) as refused:
        flow.perform(renstra, world.users["operator_a1"], "ajukan")
    assert "belum memiliki matriks" in refused.value.errors[0]


def test_a_submitted_or_set_renstra_refuses_edits_with_the_reason(world):
    renstra = renstra_of(world)
    row = row_of(renstra)
    flow.perform(renstra, world.users["operator_a1"], "ajukan")
    with pytest.raises(InvalidEdit) as submitted:
        editing.save_row(row, row.versi, {"lokasi": "Lain"}, user=world.users["operator_a1"])
    assert "berstatus Diajukan" in submitted.value.errors[0]
    flow.perform(renstra, world.users["verifikator_a"], "verifikasi")
    flow.perform(renstra, world.users["pimpinan_a1"], "tetapkan")
    with pytest.raises(InvalidEdit) as set_:
        editing.save_row(row, row.versi, {"lokasi": "Lain"}, user=world.users["operator_a1"])
    assert "sudah ditetapkan oleh Pimpinan A1" in set_.value.errors[0]
    row.refresh_from_db()
    assert row.lokasi != "Lain" and row.versi == 1


def test_a_file_does_not_replace_a_set_renstra(world, tmp_path):
    from renja.exchange.export import export_document

    renstra = renstra_of(world)
    flow.perform(renstra, world.users["operator_a1"], "ajukan")
    flow.perform(renstra, world.users["verifikator_a"], "verifikasi")
    flow.perform(renstra, world.users["pimpinan_a1"], "tetapkan")
    before = list(BarisRenstra.objects.filter(renstra=renstra).values_list("id", "nama"))
    document = export_document(world.plans["a1"])
    only = {key: document[key] for key in document if key != "renja"}  # the Renstra alone
    with pytest.raises(LoadError) as refused:
        load_document(only, replace=True)
    assert "sudah ditetapkan" in refused.value.errors[0]
    matrix_only = {**only, "renstra": {k: v for k, v in only["renstra"].items()
                                       if k not in ("tujuan", "sasaran", "iku")}}
    with pytest.raises(LoadError):
        load_document(matrix_only, replace=True)
    # the plan with it is loaded again; its set Renstra is kept and the report says so
    report = load_document(document, replace=True)
    assert any("Renstra tidak diganti" in note for note in report.notes)
    assert list(BarisRenstra.objects.filter(renstra=renstra).values_list("id", "nama")) == before
    assert flow.status_of(renstra) == "ditetapkan"
