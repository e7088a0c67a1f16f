"""Whose account a user may manage. Accounts follow the same isolation as plans (see `scoping.py`): an admin
of a Pemda manages the users of their own Pemda and nobody else, and can hand out only what they hold
themselves, so that managing accounts never becomes a way to more rights or to another Pemda.

A superuser runs the installation and manages everyone; a superuser's account is managed only by superusers.
"""

from django.contrib.auth.models import Group, Permission, User
from django.db.models import Q

from .models import Pemda, Profil
from .scoping import visible_perangkat_daerah


def own_profil(user):
    if not getattr(user, "is_authenticated", False):
        return None
    return Profil.objects.filter(user=user).first()


def visible_pemda(user):
    """The Pemda a user may put an account in: their own (all of them for a superuser)."""
    if getattr(user, "is_superuser", False):
        return Pemda.objects.all()
    profil = own_profil(user)
    if profil is None:
        return Pemda.objects.none()
    return Pemda.objects.filter(pk=profil.pemda_id)


def visible_profiles(user):
    """Profiles of the user's own PD (operator, pimpinan) or of their whole Pemda (Bappeda, admin Pemda)."""
    if getattr(user, "is_superuser", False):
        return Profil.objects.all()
    profil = own_profil(user)
    if profil is None:
        return Profil.objects.none()
    if profil.peran in Profil.PD_ROLES:
        return Profil.objects.filter(pemda_id=profil.pemda_id, perangkat_daerah_id=profil.perangkat_daerah_id)
    return Profil.objects.filter(pemda_id=profil.pemda_id)


def visible_users(user):
    """Users whose profile the user sees. A user without a profile belongs to no Pemda, and a superuser to
    the installation: both are seen by superusers only."""
    if getattr(user, "is_superuser", False):
        return User.objects.all()
    return User.objects.filter(is_superuser=False, profil__in=visible_profiles(user))


def held_permissions(user):
    """The permissions a user holds, directly or through a group (every one for a superuser)."""
    if getattr(user, "is_superuser", False):
        return Permission.objects.all()
    return Permission.objects.filter(Q(user=user) | Q(group__user=user)).distinct()


def grantable_groups(user):
    """Groups (roles) a user may give: those holding no permission the user lacks."""
    if getattr(user, "is_superuser", False):
        return Group.objects.all()
    return Group.objects.exclude(permissions__in=Permission.objects.exclude(pk__in=held_permissions(user)))


def may_manage(manager, user):
    """Whether `manager` may change or delete `user`: a visible account that holds nothing the manager
    lacks (otherwise setting its password would be a way to its rights)."""
    if manager.is_superuser:
        return True
    if user.is_superuser or not visible_users(manager).filter(pk=user.pk).exists():
        return False
    return not held_permissions(user).exclude(pk__in=held_permissions(manager)).exists()


def profil_errors(manager, pemda, perangkat_daerah, peran):
    """What is wrong with giving an account this profile, as {field: message}; empty when it may be given.
    The admin's choices are limited already; this is the rule itself, checked again on every save."""
    errors = {}
    if pemda is not None and not visible_pemda(manager).filter(pk=pemda.pk).exists():
        errors["pemda"] = f"Anda hanya dapat mengelola pengguna pada Pemda Anda sendiri, bukan {pemda}."
    if perangkat_daerah is not None:
        if pemda is not None and perangkat_daerah.pemda_id != pemda.pk:
            errors["perangkat_daerah"] = f"Perangkat daerah {perangkat_daerah} bukan bagian dari {pemda}."
        elif not visible_perangkat_daerah(manager).filter(pk=perangkat_daerah.pk).exists():
            errors["perangkat_daerah"] = f"Perangkat daerah {perangkat_daerah} di luar wewenang Anda."
    if peran and "perangkat_daerah" not in errors:
        label = Profil.Peran(peran).label
        if peran in Profil.PD_ROLES and perangkat_daerah is None:
            errors["perangkat_daerah"] = f"Peran {label} wajib memilih perangkat daerahnya."
        elif peran not in Profil.PD_ROLES and perangkat_daerah is not None:
            errors["perangkat_daerah"] = (f"Peran {label} berlaku untuk seluruh Pemda: kosongkan pilihan "
                                          "perangkat daerah.")
    if peran == Profil.Peran.PEMANTAU_PROVINSI and pemda is not None and pemda.jenis != Pemda.Jenis.PROVINSI:
        errors.setdefault("pemda", f"Peran Pemantau Provinsi hanya untuk Pemda berjenis provinsi; {pemda} adalah "
                           f"{pemda.get_jenis_display().lower()}.")
    mine = None if manager.is_superuser else own_profil(manager)
    if peran and mine is not None and mine.peran in Profil.PD_ROLES and peran not in Profil.PD_ROLES:
        # A PD role sees only its PD; a Pemda-wide role it gave would see more than itself.
        errors["peran"] = f"Anda hanya dapat memberi peran di perangkat daerah Anda, bukan {Profil.Peran(peran).label}."
    return errors
