"""Who may move a plan from which status to which (transitions.perform / allowed_actions), and what each step
records."""

import pytest

from renja.plans.models import Kegiatan, Program, Renja, SubKegiatan
from renja.rules.checker import submission_blockers
from renja.workflow.models import KomentarBaris, Transisi
from renja.workflow.transitions import ACTIONS, WorkflowRefused, allowed_actions, perform
from tests.workflow.people_and_plans import load_clean, people_for, set_status

STATUSES = ["draft", "diajukan", "dikembalikan", "diverifikasi", "ditetapkan"]
ROLES = ["operator", "pimpinan", "verifikator", "admin", "operator_lain", "pimpinan_lain", "verifikator_lain",
         "tanpa_peran"]
# (role, status, action) that is allowed, and the status after it: written out from the issue, by hand
ALLOWED = {
    ("operator", "draft", "ajukan"): "diajukan",
    ("operator", "dikembalikan", "ajukan"): "diajukan",
    ("verifikator", "diajukan", "kembalikan"): "dikembalikan",
    ("pimpinan", "diverifikasi", "kembalikan"): "dikembalikan",
    ("verifikator", "diajukan", "verifikasi"): "diverifikasi",
    ("pimpinan", "diverifikasi", "tetapkan"): "ditetapkan",
    ("operator", "ditetapkan", "perubahan"): "ditetapkan",  # the source stays as it is
}


@pytest.fixture
def plan():
    return load_clean()


@pytest.fixture
def people(plan):
    return people_for(plan)


def state(renja):
    renja = Renja.objects.get(pk=renja.pk)
    return renja.status, renja.versi, Transisi.objects.count(), KomentarBaris.objects.count(), Renja.objects.count()


@pytest.mark.parametrize("action", list(ACTIONS))
@pytest.mark.parametrize("role", ROLES)
def test_every_transition_per_role_and_status(plan, people, role, action):
    user = people[role]
    for status in STATUSES:
        set_status(plan, status)
        expected = ALLOWED.get((role, status, action))
        shown = [a.name for a in allowed_actions(plan, user)]
        assert (action in shown) == (expected is not None), (role, status, action, shown)
        before = state(plan)
        if expected is None:
            with pytest.raises(WorkflowRefused) as refused:
                perform(plan, user, action, reason="Alasan uji")
            assert refused.value.errors and all(e.strip() for e in refused.value.errors)
            assert state(plan) == before, (role, status, action)  # a refused step changes nothing
            continue
        result = perform(plan, user, action, reason="Alasan uji")
        after = Renja.objects.get(pk=plan.pk)
        assert after.status == expected
        if action == "perubahan":
            assert result.pk != plan.pk and result.status == "draft" and result.asal_id == plan.pk
            assert after.versi == before[1]
            result.delete()
        else:
            assert result.pk == plan.pk and result.status == expected
            assert after.versi == before[1] + 1
            step = Transisi.objects.latest("id")
            assert (step.renja_id, step.dari, step.ke, step.oleh, step.peran, step.alasan) == (
                plan.pk, status, expected, user, user.profil.peran, "Alasan uji")


def test_wrong_status_says_what_and_who_was_first(plan, people):
    perform(plan, people["operator"], "ajukan")
    with pytest.raises(WorkflowRefused) as refused:
        perform(plan, people["operator"], "ajukan")
    message = refused.value.errors[0]
    assert message.startswith("Renja berstatus Diajukan tidak dapat diajukan lagi")
    assert "sudah diajukan oleh Operator Uji pada" in message


def test_two_verifiers_at_once_the_second_is_told_who_was_first(plan, people):
    perform(plan, people["operator"], "ajukan")
    seen_by_both = Renja.objects.get(pk=plan.pk)  # both opened the page while it was Diajukan
    second = people_for_second_verifier(plan)
    perform(seen_by_both, people["verifikator"], "verifikasi")
    with pytest.raises(WorkflowRefused) as refused:
        perform(seen_by_both, second, "verifikasi")
    assert "sudah diverifikasi oleh Verifikator Uji pada" in refused.value.errors[0]
    assert Transisi.objects.filter(renja=plan, ke="diverifikasi").count() == 1
    assert Renja.objects.get(pk=plan.pk).versi == 3  # 1, ajukan, verifikasi


def people_for_second_verifier(plan):
    from tests.workflow.people_and_plans import Peran, make_user

    return make_user("verifikator_dua", Peran.VERIFIKATOR_BAPPEDA, plan.perangkat_daerah.pemda)


@pytest.mark.parametrize("reason", ["", "   \n\t "])
def test_kembalikan_needs_a_reason(plan, people, reason):
    perform(plan, people["operator"], "ajukan")
    before = state(plan)
    sub = SubKegiatan.objects.filter(kegiatan__program__renja=plan).first()
    with pytest.raises(WorkflowRefused) as refused:
        perform(plan, people["verifikator"], "kembalikan", reason=reason, comments=[(sub, "Perbaiki")])
    assert refused.value.field == "alasan"
    assert "Alasan wajib diisi" in refused.value.errors[0]
    assert state(plan) == before


def test_comments_are_stored_with_code_and_name(plan, people):
    perform(plan, people["operator"], "ajukan")
    program = Program.objects.get(renja=plan, kode="2.08.07")
    kegiatan = Kegiatan.objects.get(program__renja=plan, kode="2.08.01.2.02")
    sub = SubKegiatan.objects.get(kegiatan__program__renja=plan, kode="2.08.07.2.01.0002")
    perform(plan, people["verifikator"], "kembalikan", reason="  Pagu belum sesuai.  ", comments=[
        (program, "Indikator program kurang tajam."), (kegiatan, "   "), (sub, " Turunkan pagu. ")])
    step = Transisi.objects.get(renja=plan, ke="dikembalikan")
    assert step.alasan == "Pagu belum sesuai."
    stored = [(k.program_id, k.kegiatan_id, k.sub_kegiatan_id, k.kode, k.nama, k.teks)
              for k in KomentarBaris.objects.filter(transisi=step).order_by("id")]
    assert stored == [
        (program.pk, None, None, "2.08.07", "PROGRAM PERLINDUNGAN KHUSUS ANAK", "Indikator program kurang tajam."),
        (None, None, sub.pk, "2.08.07.2.01.0002",
         "Koordinasi dan Sinkronisasi Pencegahan Kekerasan terhadap Anak Kewenangan Kabupaten/Kota",
         "Turunkan pagu."),
    ]


def test_comments_on_another_plans_rows_are_refused(plan, people):
    other = load_clean(tahap="final")  # same PD and year, another stage
    perform(plan, people["operator"], "ajukan")
    before = state(plan)
    mine = SubKegiatan.objects.filter(kegiatan__program__renja=plan).first()
    foreign = SubKegiatan.objects.filter(kegiatan__program__renja=other).first()
    with pytest.raises(WorkflowRefused) as refused:
        perform(plan, people["verifikator"], "kembalikan", reason="Perbaiki.",
                comments=[(mine, "Baik"), (foreign, "Bukan baris Renja ini")])
    assert len(refused.value.errors) == 1 and "bukan bagian dari Renja ini" in refused.value.errors[0]
    assert state(plan) == before


def test_comments_only_when_returning(plan, people):
    sub = SubKegiatan.objects.filter(kegiatan__program__renja=plan).first()
    with pytest.raises(WorkflowRefused):
        perform(plan, people["operator"], "ajukan", comments=[(sub, "komentar")])
    assert Renja.objects.get(pk=plan.pk).status == "draft"


def test_submission_is_refused_while_the_checker_finds_errors():
    from renja.demo.setup import load_demo_data

    demo, _ = load_demo_data()
    operator = people_for(demo)["operator"]
    errors = submission_blockers(demo)
    assert len(errors) > 100  # the demo is a faulty real document
    # the button is shown: pressing it says why
    assert "ajukan" in [a.name for a in allowed_actions(demo, operator)]
    before = state(demo)
    with pytest.raises(WorkflowRefused) as refused:
        perform(demo, operator, "ajukan")
    assert refused.value.errors == [
        f"Renja belum dapat diajukan: pemeriksa menemukan {len(errors)} kesalahan. "
        "Perbaiki dulu; daftarnya ada di halaman Temuan."]
    assert [(f.rule, f.code) for f in refused.value.findings] == [(f.rule, f.code) for f in errors]
    assert state(demo) == before


def test_the_clean_plan_is_accepted(plan, people):
    assert submission_blockers(plan) == []
    assert perform(plan, people["operator"], "ajukan").status == "diajukan"


def test_the_whole_path_to_ditetapkan(plan, people):
    operator, verifier, head = people["operator"], people["verifikator"], people["pimpinan"]
    sub = SubKegiatan.objects.filter(kegiatan__program__renja=plan).first()
    steps = [
        (operator, "ajukan", "", []),
        (verifier, "kembalikan", "Lokasi belum rinci.", [(sub, "Sebutkan kecamatan.")]),
        (operator, "ajukan", "", []),
        (verifier, "verifikasi", "", []),
        (head, "kembalikan", "Pagu perlu dikaji ulang.", []),
        (operator, "ajukan", "Sudah dikaji ulang.", []),
        (verifier, "verifikasi", "", []),
        (head, "tetapkan", "", []),
    ]
    for user, action, reason, comments in steps:
        plan = perform(plan, user, action, reason=reason, comments=comments)
    assert plan.status == "ditetapkan" and not plan.is_editable
    assert Renja.objects.get(pk=plan.pk).versi == 1 + len(steps)
    record = list(Transisi.objects.filter(renja=plan).order_by("id").values_list("dari", "ke", "peran", "alasan"))
    assert record == [
        ("draft", "diajukan", "operator_pd", ""),
        ("diajukan", "dikembalikan", "verifikator_bappeda", "Lokasi belum rinci."),
        ("dikembalikan", "diajukan", "operator_pd", ""),
        ("diajukan", "diverifikasi", "verifikator_bappeda", ""),
        ("diverifikasi", "dikembalikan", "pimpinan_pd", "Pagu perlu dikaji ulang."),
        ("dikembalikan", "diajukan", "operator_pd", "Sudah dikaji ulang."),
        ("diajukan", "diverifikasi", "verifikator_bappeda", ""),
        ("diverifikasi", "ditetapkan", "pimpinan_pd", ""),
    ]
    assert KomentarBaris.objects.get().teks == "Sebutkan kecamatan."
    # the plan's field history names who changed the status
    last = plan.history.latest()
    assert (last.status, last.history_user) == ("ditetapkan", head)


def test_a_returned_plan_is_editable_like_a_draft(plan, people):
    perform(plan, people["operator"], "ajukan")
    assert not Renja.objects.get(pk=plan.pk).is_editable
    perform(plan, people["verifikator"], "kembalikan", reason="Perbaiki.")
    assert Renja.objects.get(pk=plan.pk).is_editable

