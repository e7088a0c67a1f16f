"""What a request may reach. Every view gets its plan and rows through these functions, so that isolation
(organizations.scoping) and the workflow's read-only states hold on every page, download and form."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from renja.organizations.models import Pemda, PerangkatDaerah, Profil
from renja.organizations.scoping import (
    can_edit_plans_of,
    profil_of,
    province_pemdas,
    reads_only,
    rollup_pemdas,
    scope,
)
from renja.plans.models import Kegiatan, Program, Renja, SubKegiatan
from renja.workflow import schedule

# URL segment → (model, path from the model to its Renja)
ROW_LEVELS = {
    "program": (Program, "renja"),
    "kegiatan": (Kegiatan, "program__renja"),
    "sub-kegiatan": (SubKegiatan, "kegiatan__program__renja"),
}


def get_pd(user, pd_id):
    """The Perangkat Daerah, if the user may see it; otherwise 404 (another PD does not exist for them)."""
    return get_object_or_404(scope(PerangkatDaerah.objects.select_related("pemda"), user, "self"), pk=pd_id)


def visible_renja(user):
    return scope(Renja.objects.all(), user, "perangkat_daerah")


def get_renja(user, renja_id):
    """The plan, if the user may see it; otherwise 404 (another PD's plan does not exist for them)."""
    return get_object_or_404(
        visible_renja(user).select_related("perangkat_daerah__pemda", "nomenklatur"), pk=renja_id)


def get_row(renja, level, row_id):
    """A program, kegiatan or sub kegiatan row of this plan (404 if it belongs to another plan)."""
    if level not in ROW_LEVELS:
        raise Http404("Tingkat baris tidak dikenal.")
    model, path = ROW_LEVELS[level]
    return get_object_or_404(model.objects.filter(**{path: renja}), pk=row_id)


def refusal(require, user, renja):
    """Why `require(user, renja)` (require_edit, require_realisation_edit) refuses, in Indonesian; None when
    it allows: what a page shows beside its read-only view."""
    try:
        require(user, renja)
    except PermissionDenied as denied:
        return str(denied)
    return None


def can_edit(user, renja):
    """An operator of the plan's PD edits it while it is a draft or returned and Bappeda's schedule of its
    stage is open."""
    return (renja.is_editable and can_edit_plans_of(user, renja.perangkat_daerah)
            and schedule.closure(renja) is None)


def require_edit(user, renja):
    # The plan's state first: it is the reason that holds for everyone.
    if not renja.is_editable:
        raise PermissionDenied(
            f"Renja ini berstatus {renja.get_status_display()}: tidak dapat diubah. "
            "Perubahan hanya dapat dibuat pada Renja berstatus Draf atau Dikembalikan.")
    if not can_edit_plans_of(user, renja.perangkat_daerah):
        raise PermissionDenied("Hanya operator PD ini yang dapat mengubah rencananya.")
    closed = schedule.closure(renja)  # Bappeda's schedule: the stage's window is over (or not yet open)
    if closed:
        raise PermissionDenied(closed)


def can_enter_realisation(user, renja):
    """An operator of the plan's PD enters its realisation once it is in force (ditetapkan)."""
    return renja.status == Renja.Status.DITETAPKAN and can_edit_plans_of(user, renja.perangkat_daerah)


def require_realisation_edit(user, renja):
    """Realisation is entered on a plan in force, by its PD's operator; the plan itself stays read-only."""
    if renja.status != Renja.Status.DITETAPKAN:
        raise PermissionDenied(
            f"Renja ini berstatus {renja.get_status_display()}: realisasi hanya dicatat pada Renja yang "
            "telah Ditetapkan.")
    if not can_edit_plans_of(user, renja.perangkat_daerah):
        raise PermissionDenied("Hanya operator PD ini yang dapat mencatat realisasinya.")


def can_import_plans_of(user, perangkat_daerah):
    """Who may bring a plan in from a file: the PD's operator, and Bappeda's verifier and the Admin Pemda for
    every PD of their Pemda (they receive plans as workbooks and enter them for the PD). Never a role that
    reads only (Pemantau Provinsi)."""
    profil = profil_of(user)
    if profil is None or profil.pemda_id != perangkat_daerah.pemda_id or reads_only(user):
        return False
    if profil.peran == Profil.Peran.OPERATOR_PD:
        return profil.perangkat_daerah_id == perangkat_daerah.pk
    return profil.peran in (Profil.Peran.VERIFIKATOR_BAPPEDA, Profil.Peran.ADMIN_PEMDA)


def require_import(user, perangkat_daerah):
    if not can_import_plans_of(user, perangkat_daerah):
        raise PermissionDenied("Hanya operator PD ini, verifikator Bappeda atau Admin Pemda yang dapat "
                               "mengunggah Renja PD ini.")


def get_pemda_to_administer(user, pemda_id):
    """The Pemda whose administration (its audit log) the user may read: a superuser any, an Admin Pemda their own;
    404 for another Pemda (it does not exist for them), 403 for another role of this one."""
    profil = profil_of(user)
    if user.is_superuser:
        pemda = Pemda.objects.filter(pk=pemda_id).first()
    else:
        pemda = profil.pemda if profil is not None and profil.pemda_id == pemda_id else None
    if pemda is None:
        raise Http404("Pemerintah daerah tidak ditemukan.")
    if not user.is_superuser and profil.peran != Profil.Peran.ADMIN_PEMDA:
        raise PermissionDenied("Log aktivitas hanya dapat dibaca oleh Admin Pemda.")
    return pemda


def get_rollup_scope(user, kode=None):
    """The Pemdas a dashboard of roll-ups covers, for `kode` (a Pemda's kode; a provinsi's kode covers the
    province: itself and its kabupaten/kota) or, without one, the user's own Pemda (a province's Pemantau and
    Bappeda: the whole province). 403 for a role without a dashboard (PD roles, no profile); 404 for a Pemda
    the user may not read (another province, another Pemda): it does not exist for them."""
    readable = rollup_pemdas(user)
    profil = profil_of(user)
    if not user.is_superuser and (profil is None or profil.peran in Profil.PD_ROLES):
        raise PermissionDenied("Ringkasan Pemda dan provinsi untuk Verifikator Bappeda, Admin Pemda dan Pemantau "
                               "Provinsi; Perangkat Daerah melihat Renja-nya sendiri di beranda.")
    if not kode:
        if profil is None:  # the installation's administrator: the first Pemda (a province before its Pemdas)
            first = Pemda.objects.order_by("kode").first()
            if first is None:
                raise Http404("Belum ada Pemda.")
            kode = first.kode
        else:
            kode = profil.pemda.kode
    chosen = readable.filter(kode=kode).first()
    if chosen is None:
        raise Http404("Pemerintah daerah tidak ditemukan.")
    if chosen.jenis != Pemda.Jenis.PROVINSI:
        return chosen, [chosen]
    return chosen, list(province_pemdas(chosen).filter(pk__in=readable).order_by("kode"))
