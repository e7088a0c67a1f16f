"""Who may move a plan from which status to which, and the one function that does it.

    Draf ──ajukan──► Diajukan ──verifikasi──► Diverifikasi ──tetapkan──► Ditetapkan ──perubahan──► (new Draf)
      ▲                 │                          │
      │            kembalikan                 kembalikan
      │                 ▼                          ▼
      └──(edit)── Dikembalikan ◄───────────────────┘

A returned plan (Dikembalikan) is editable by the PD's operator exactly like a draft (`Renja.EDITABLE`) and
is resubmitted with `ajukan`: that is the issue's "Dikembalikan → Draft". Keeping the status Dikembalikan
until resubmission lets every page say the plan came back, and why (the last Transisi's reason and comments).

Submission is refused while the checker reports errors, and while Bappeda's schedule keeps the plan's stage
closed (`schedule.closure`; starting a Renja Perubahan likewise while that stage is closed). A Ditetapkan plan
is read-only; its Renja Perubahan is a new plan copied from it (`revision.start_revision`).

Everything here takes model instances and a user, never a request, and raises `WorkflowRefused` with the
reasons in Bahasa Indonesia. Every step is recorded as a `Transisi` (who, in which role, when, why).
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from renja.core.errors import InputRefused
from renja.organizations.models import Profil
from renja.organizations.scoping import profil_of
from renja.plans.models import Kegiatan, Program, Renja, SubKegiatan
from renja.rules.checker import submission_blockers

from . import schedule
from .models import KomentarBaris, Transisi

Status = Renja.Status
Peran = Profil.Peran


class WorkflowRefused(InputRefused):
    """A workflow step that was not taken; nothing changed. `findings` are the checker's errors when they are
    the reason; `field` names the form field at fault ("alasan"), if any."""

    def __init__(self, errors, findings=(), field=None):
        super().__init__(errors)
        self.findings = list(findings)
        self.field = field


@dataclass(frozen=True)
class Action:
    name: str
    label: str  # the button's text
    needs_reason: bool = False  # a form with a required reason (and row comments) comes first
    style: str = ""  # the button's CSS class: "primary", "danger" or ""


ACTIONS = {
    "ajukan": Action("ajukan", "Ajukan ke Bappeda", style="primary"),
    "kembalikan": Action("kembalikan", "Kembalikan untuk diperbaiki", needs_reason=True, style="danger"),
    "verifikasi": Action("verifikasi", "Nyatakan terverifikasi", style="primary"),
    "tetapkan": Action("tetapkan", "Tetapkan", style="primary"),
    "perubahan": Action("perubahan", "Buat Renja Perubahan"),
}

# action → (role → the statuses it may act from), the status after (None: the plan stays as it is)
RULES = {
    "ajukan": ({Peran.OPERATOR_PD: (Status.DRAFT, Status.DIKEMBALIKAN)}, Status.DIAJUKAN),
    "kembalikan": ({Peran.VERIFIKATOR_BAPPEDA: (Status.DIAJUKAN,), Peran.PIMPINAN_PD: (Status.DIVERIFIKASI,)},
                   Status.DIKEMBALIKAN),
    "verifikasi": ({Peran.VERIFIKATOR_BAPPEDA: (Status.DIAJUKAN,)}, Status.DIVERIFIKASI),
    "tetapkan": ({Peran.PIMPINAN_PD: (Status.DIVERIFIKASI,)}, Status.DITETAPKAN),
    "perubahan": ({Peran.OPERATOR_PD: (Status.DITETAPKAN,)}, None),
}

# how each action reads in a sentence: "Renja … tidak dapat <verb>"
VERBS = {
    "ajukan": "diajukan",
    "kembalikan": "dikembalikan",
    "verifikasi": "diverifikasi",
    "tetapkan": "ditetapkan",
    "perubahan": "dibuatkan Renja Perubahan",
}

SUCCESS = {
    "ajukan": "Renja diajukan ke Bappeda.",
    "kembalikan": "Renja dikembalikan kepada Operator PD untuk diperbaiki.",
    "verifikasi": "Renja dinyatakan terverifikasi; selanjutnya ditetapkan oleh Pimpinan PD.",
    "tetapkan": "Renja ditetapkan. Sejak sekarang Renja ini hanya dapat dibaca.",
    "perubahan": "Renja Perubahan dibuat sebagai Draf, disalin dari Renja yang ditetapkan.",
}

COMMENT_MODELS = (Program, Kegiatan, SubKegiatan)


def profil_for(user):
    return profil_of(user)


def _who_may(roles, pd):
    names = []
    for peran in roles:
        if peran in Profil.PD_ROLES:
            names.append(f"{Peran(peran).label} {pd}")
        else:
            names.append(f"{Peran(peran).label} {pd.pemda}")
    return " atau ".join(names)


def actor_refusals(profil, roles, label, pd):
    """Why the user of `profil` may not act on something of PD `pd` (a Renja or a Renstra), before its status
    is looked at: no role, not one of `roles`, another PD, another Pemda. Empty when they may."""
    if profil is None:
        return ["Akun Anda belum memiliki peran di Renja; hubungi admin Pemda."]
    if profil.peran not in roles:
        return [f"«{label}» hanya dapat dilakukan oleh {_who_may(roles, pd)}; Anda {profil.get_peran_display()}."]
    if profil.peran in Profil.PD_ROLES and profil.perangkat_daerah_id != pd.pk:
        return [f"«{label}» hanya dapat dilakukan oleh {profil.get_peran_display()} {pd}, "
                "bukan perangkat daerah lain."]
    if profil.pemda_id != pd.pemda_id:
        return [f"«{label}» hanya dapat dilakukan oleh {profil.get_peran_display()} {pd.pemda}."]
    return []


def _status_refusal(renja, action_name, froms, target):
    """Why the plan's status does not allow the action, with who brought it there and when."""
    again = " lagi" if renja.status == target else ""
    message = f"Renja berstatus {renja.get_status_display()} tidak dapat {VERBS[action_name]}{again}"
    allowed = " atau ".join(Status(s).label for s in froms)
    message += f" (hanya dari status {allowed})."
    last = (Transisi.objects.filter(renja=renja, ke=renja.status).select_related("oleh")
            .order_by("-pada", "-id").first())
    if last is not None and last.dari:
        who = (last.oleh.get_full_name() or last.oleh.username) if last.oleh else "pengguna yang telah dihapus"
        when = date_format(timezone.localtime(last.pada), "j F Y H.i")
        message += f" Renja ini sudah {Status(last.ke).label.lower()} oleh {who} pada {when}."
    return message


def refusals(renja, user, action_name, profil=None):
    """Why `user` may not take the action on `renja` now, leaving out the checker's errors (the button of
    `ajukan` is shown, and the refusal then lists them). Empty when the action is allowed."""
    if action_name not in RULES:
        return [f"Aksi «{action_name}» tidak dikenal."]
    profil = profil if profil is not None else profil_for(user)
    roles, target = RULES[action_name]
    pd = renja.perangkat_daerah
    if problems := actor_refusals(profil, roles, ACTIONS[action_name].label, pd):
        return problems
    if renja.status not in roles[profil.peran]:
        return [_status_refusal(renja, action_name, roles[profil.peran], target)]
    if action_name == "ajukan" and (closed := schedule.closure(renja)):  # Bappeda's schedule of the stage
        return [closed]
    if action_name == "perubahan":
        existing = Renja.objects.filter(perangkat_daerah_id=pd.pk, tahun=renja.tahun,
                                        tahap=Renja.Tahap.PERUBAHAN).first()
        if existing is not None:
            return [f"Renja Perubahan {pd} tahun {renja.tahun} sudah ada (berstatus "
                    f"{existing.get_status_display()}); satu tahun hanya memiliki satu Renja Perubahan."]
        if closed := schedule.stage_closure(pd.pemda, renja.tahun, Renja.Tahap.PERUBAHAN):
            return [closed]
    return []


def allowed_actions(renja, user):
    """The actions whose buttons to show to `user` on `renja` (ajukan even while the checker finds errors:
    pressing it says how many and where to find them)."""
    profil = profil_for(user)
    if profil is None:
        return []
    return [action for name, action in ACTIONS.items() if not refusals(renja, user, name, profil=profil)]


def perform(renja, user, action, reason="", comments=()):
    """Take `action` (a name of ACTIONS) on `renja` as `user`, all or nothing; return the plan as it now is
    (for `perubahan`: the new Renja Perubahan, a Draf). A returned plan (`kembalikan` → Dikembalikan) is
    edited by the operator like a draft and comes back with `ajukan`: the issue's "→ Draft".

    The plan is re-read and locked first, and every rule is checked on what is stored, so that of two
    verifiers pressing at once the second is told who was first. `comments` is an iterable of (row, text)
    with row a Program, Kegiatan or SubKegiatan of this plan; blank texts are skipped. Raises
    WorkflowRefused, with nothing changed, when the step is not allowed.
    """
    if action not in ACTIONS:
        raise WorkflowRefused(f"Aksi «{action}» tidak dikenal.")
    with transaction.atomic():
        locked = (Renja.objects.select_for_update().filter(pk=renja.pk).first())
        if locked is None:
            raise WorkflowRefused("Renja ini sudah tidak ada.")
        profil = profil_for(user)
        problems = refusals(locked, user, action, profil=profil)
        if problems:
            raise WorkflowRefused(problems)
        reason = (reason or "").strip()
        if ACTIONS[action].needs_reason and not reason:
            raise WorkflowRefused(
                "Alasan wajib diisi: tuliskan apa yang harus diperbaiki, agar Operator PD dapat memperbaikinya.",
                field="alasan")
        comments = _comments(locked, action, comments)
        if action == "ajukan":
            blockers = submission_blockers(locked)
            if blockers:
                raise WorkflowRefused(
                    f"Renja belum dapat diajukan: pemeriksa menemukan {len(blockers)} kesalahan. "
                    "Perbaiki dulu; daftarnya ada di halaman Temuan.", findings=blockers)
        if action == "perubahan":
            from .revision import start_revision

            return start_revision(locked, user)

        before = locked.status
        locked.status = RULES[action][1]
        locked.versi += 1
        locked._history_user = user  # the status change in the plan's field history names who made it
        locked.save(update_fields=["status", "versi"])
        step = Transisi.objects.create(renja=locked, dari=before, ke=locked.status, oleh=user,
                                       peran=profil.peran, alasan=reason)
        KomentarBaris.objects.bulk_create([_komentar(step, row, text) for row, text in comments])
        return locked


def _comments(renja, action, comments):
    """The non-blank comments, each on a row of this plan (checked with one query per kind of row)."""
    kept = [(row, (text or "").strip()) for row, text in comments]
    kept = [(row, text) for row, text in kept if text]
    if not kept:
        return []
    if action != "kembalikan":
        raise WorkflowRefused("Komentar baris hanya dapat diberikan saat Renja dikembalikan.")
    paths = {Program: "renja", Kegiatan: "program__renja", SubKegiatan: "kegiatan__program__renja"}
    problems = []
    for model, path in paths.items():
        ids = {row.pk for row, _ in kept if type(row) is model}
        if ids:
            mine = set(model.objects.filter(pk__in=ids, **{path: renja}).values_list("pk", flat=True))
            for row, _ in kept:
                if type(row) is model and row.pk not in mine:
                    problems.append(f"Komentar pada {model._meta.verbose_name} {row} ditolak: baris itu bukan "
                                    "bagian dari Renja ini.")
    for row, _ in kept:
        if not isinstance(row, COMMENT_MODELS):
            problems.append(f"Komentar hanya dapat diberikan pada program, kegiatan atau sub kegiatan, "
                            f"bukan pada {row!r}.")
    if problems:
        raise WorkflowRefused(problems)
    return kept


def _komentar(step, row, text):
    field = {Program: "program", Kegiatan: "kegiatan", SubKegiatan: "sub_kegiatan"}[type(row)]
    return KomentarBaris(transisi=step, kode=row.kode or " ".join(row.kode_asli.split()), nama=row.nama,
                         teks=text, **{field: row})
