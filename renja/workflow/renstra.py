"""The Renstra's workflow, the same as a Renja's (transitions.py) and with the same roles:

    Draf ──ajukan──► Diajukan ──verifikasi──► Diverifikasi ──tetapkan──► Ditetapkan
      ▲                 │                          │
      │            kembalikan                 kembalikan
      └──(edit)── Dikembalikan ◄───────────────────┘

The PD's operator edits the matrix while the Renstra is Draf or Dikembalikan and submits it; the Verifikator
Bappeda verifies or returns it (with a reason); the Pimpinan PD sets it, or returns it. A Ditetapkan Renstra is
read-only: in the app, and for a file that would replace it (`renja load --replace`).

A Renstra's status is the target of its latest `TransisiRenstra` (Draf without one): every step is recorded with
who, in which role, when and why, and the record is the status. The who-may-act checks and the actions' names,
buttons and sentences are the Renja's (`transitions.actor_refusals`, `RULES`, `ACTIONS`).
"""

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from renja.plans.models import Renja, Renstra

from .models import TransisiRenstra
from .transitions import ACTIONS as RENJA_ACTIONS
from .transitions import RULES as RENJA_RULES
from .transitions import WorkflowRefused, actor_refusals, profil_for

Status = Renja.Status
UNREAD = object()  # a step not read yet (None is "no step": a Draf)
EDITABLE = Renja.EDITABLE
NAMES = ("ajukan", "kembalikan", "verifikasi", "tetapkan")  # a Renstra has no Perubahan stage here
ACTIONS = {name: RENJA_ACTIONS[name] for name in NAMES}
RULES = {name: RENJA_RULES[name] for name in NAMES}

VERBS = {"ajukan": "diajukan", "kembalikan": "dikembalikan", "verifikasi": "diverifikasi", "tetapkan": "ditetapkan"}
SUCCESS = {
    "ajukan": "Renstra diajukan ke Bappeda untuk diverifikasi.",
    "kembalikan": "Renstra dikembalikan kepada Operator PD untuk diperbaiki.",
    "verifikasi": "Renstra dinyatakan terverifikasi; selanjutnya ditetapkan oleh Pimpinan PD.",
    "tetapkan": "Renstra ditetapkan. Sejak sekarang matriksnya hanya dapat dibaca.",
}


def last_step(renstra):
    return TransisiRenstra.objects.filter(renstra=renstra).select_related("oleh").order_by("-pada", "-id").first()


def status_of(renstra, step=UNREAD):
    """The Renstra's status: its latest step's target, Draf when it has none (`step`: that step, if read)."""
    step = last_step(renstra) if step is UNREAD else step
    return step.ke if step is not None else Status.DRAFT


def status_label(status):
    return Status(status).label


def _who(step):
    if step.oleh is None:
        return "pengguna yang telah dihapus"
    return step.oleh.get_full_name() or step.oleh.username


def edit_refusal(renstra, step=UNREAD):
    """Why the Renstra's matrix may not change now (its status), or None: the one check of the app's row edit and
    of a file that would replace the matrix."""
    step = last_step(renstra) if step is UNREAD else step
    status = status_of(renstra, step)
    if status in EDITABLE:
        return None
    when = date_format(timezone.localtime(step.pada), "j F Y H.i")
    if status == Status.DITETAPKAN:
        return (f"{renstra} sudah ditetapkan oleh {_who(step)} pada {when}; Renstra yang ditetapkan hanya dapat "
                "dibaca. Tidak ada yang diubah.")
    return (f"{renstra} berstatus {status_label(status)} (sejak {when}, oleh {_who(step)}); matriksnya dapat "
            "diubah lagi hanya bila dikembalikan untuk diperbaiki. Tidak ada yang diubah.")


def refusals(renstra, user, action_name, profil=None, step=UNREAD):
    """Why `user` may not take the action on `renstra` now. Empty when the action is allowed."""
    if action_name not in RULES:
        return [f"Aksi «{action_name}» tidak dikenal untuk Renstra."]
    profil = profil if profil is not None else profil_for(user)
    roles, target = RULES[action_name]
    if problems := actor_refusals(profil, roles, ACTIONS[action_name].label, renstra.perangkat_daerah):
        return problems
    step = last_step(renstra) if step is UNREAD else step
    status = status_of(renstra, step)
    froms = roles[profil.peran]
    if status not in froms:
        again = " lagi" if status == target else ""
        allowed = " atau ".join(Status(s).label for s in froms)
        message = (f"Renstra berstatus {status_label(status)} tidak dapat {VERBS[action_name]}{again} "
                   f"(hanya dari status {allowed}).")
        if step is not None:
            when = date_format(timezone.localtime(step.pada), "j F Y H.i")
            message += f" Renstra ini sudah {status_label(status).lower()} oleh {_who(step)} pada {when}."
        return [message]
    return []


def allowed_actions(renstra, user, step=UNREAD):
    """The actions whose buttons to show to `user` on `renstra`."""
    profil = profil_for(user)
    if profil is None:
        return []
    step = last_step(renstra) if step is UNREAD else step
    return [action for name, action in ACTIONS.items()
            if not refusals(renstra, user, name, profil=profil, step=step)]


def perform(renstra, user, action, reason=""):
    """Take `action` on `renstra` as `user`, all or nothing; returns the step recorded. The Renstra is locked
    and its status read again first, so of two people pressing at once the second is told who was first.
    Raises WorkflowRefused, with nothing changed, when the step is not allowed."""
    if action not in ACTIONS:
        raise WorkflowRefused(f"Aksi «{action}» tidak dikenal untuk Renstra.")
    with transaction.atomic():
        locked = Renstra.objects.select_for_update().select_related("perangkat_daerah__pemda").filter(
            pk=renstra.pk).first()
        if locked is None:
            raise WorkflowRefused("Renstra ini sudah tidak ada.")
        profil = profil_for(user)
        step = last_step(locked)
        if problems := refusals(locked, user, action, profil=profil, step=step):
            raise WorkflowRefused(problems)
        reason = (reason or "").strip()
        if ACTIONS[action].needs_reason and not reason:
            raise WorkflowRefused("Alasan wajib diisi: tuliskan apa yang harus diperbaiki pada Renstra, agar "
                                  "Operator PD dapat memperbaikinya.", field="alasan")
        if action == "ajukan" and not locked.baris.exists():
            raise WorkflowRefused(f"{locked} belum memiliki matriks program, kegiatan dan sub kegiatan; muat dulu "
                                  "matriksnya (buku kerja Renstra atau berkas pertukaran), lalu ajukan.")
        return TransisiRenstra.objects.create(renstra=locked, dari=status_of(locked, step), ke=RULES[action][1],
                                              oleh=user, peran=profil.peran, alasan=reason)


def steps(renstra):
    """Every step of the Renstra, oldest first (one query)."""
    return list(TransisiRenstra.objects.filter(renstra=renstra).select_related("oleh").order_by("pada", "id"))
