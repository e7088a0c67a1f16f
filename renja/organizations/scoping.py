"""Isolation is a query, not a menu: every queryset that reaches a user passes through `scope`.

An operator or pimpinan PD sees their own PD; a verifier of Bappeda and the admin of a Pemda see every PD
of their Pemda; nobody sees another Pemda. A Pemantau Provinsi (a profile at a Pemda of jenis provinsi) sees
every PD of its province's Pemdas: the province itself and each kabupaten/kota whose kode starts with the
province's kode and a dot ("15" → "15", "15.71", "15.04"; never "150" nor "16.71"), and writes nothing
(`reads_only`). A user without a profile sees nothing (a superuser, who runs the installation, sees everything).

The province/Pemda dashboard's roll-ups follow `rollup_pemdas`: Bappeda (verifier, Admin Pemda) of a provinsi
read the figures of every Pemda of the province, as its Pemantau does; Bappeda of a kabupaten/kota their own.
"""

from django.db.models import Q

from .models import Pemda, PerangkatDaerah, Profil


def profil_of(user):
    """The user's Profil with its Pemda and PD, or None. One query, then kept on the user object: Django makes
    that object anew for each request, so the copy neither outlives the request nor passes to another user;
    every check of the request (scoping, access, workflow) reads this one copy."""
    if not getattr(user, "is_authenticated", False):
        return None
    try:
        return user._renja_profil
    except AttributeError:
        user._renja_profil = Profil.objects.filter(user=user).select_related(
            "pemda", "perangkat_daerah").first()
        return user._renja_profil


def province_pemdas(pemda):
    """The Pemdas of a provinsi: itself and the kabupaten/kota whose kode starts with its kode and a dot. For a
    Pemda that is not a provinsi: none (a kabupaten/kota has no province below it)."""
    if pemda.jenis != Pemda.Jenis.PROVINSI:
        return Pemda.objects.none()
    return Pemda.objects.filter(Q(pk=pemda.pk) | Q(kode__startswith=f"{pemda.kode}."))


def reads_only(user):
    """A role that reads and never writes (Pemantau Provinsi): no edit, import, submission, verification,
    realisation, schedule, ceiling nor admin write, whatever its permissions say."""
    if not getattr(user, "is_authenticated", False) or user.is_superuser:
        return False
    profil = profil_of(user)
    return profil is not None and profil.peran in Profil.READ_ONLY_ROLES


def rollup_pemdas(user):
    """The Pemdas whose roll-ups (the province/Pemda dashboard) `user` may read: a superuser every one; a
    Pemantau Provinsi, and Bappeda (verifier, Admin Pemda) of a provinsi, every Pemda of the province; Bappeda
    of a kabupaten/kota their own; PD roles and users without a profile none."""
    if not getattr(user, "is_authenticated", False):
        return Pemda.objects.none()
    if user.is_superuser:
        return Pemda.objects.all()
    profil = profil_of(user)
    if profil is None or profil.peran in Profil.PD_ROLES:
        return Pemda.objects.none()
    if profil.peran in Profil.READ_ONLY_ROLES or profil.pemda.jenis == Pemda.Jenis.PROVINSI:
        return province_pemdas(profil.pemda)
    return Pemda.objects.filter(pk=profil.pemda_id)


def visible_perangkat_daerah(user):
    if not getattr(user, "is_authenticated", False):
        return PerangkatDaerah.objects.none()
    if user.is_superuser:
        return PerangkatDaerah.objects.all()
    profil = profil_of(user)
    if profil is None:
        return PerangkatDaerah.objects.none()
    if profil.peran in Profil.PD_ROLES:
        return PerangkatDaerah.objects.filter(pk=profil.perangkat_daerah_id, pemda_id=profil.pemda_id)
    if profil.peran in Profil.READ_ONLY_ROLES:
        return PerangkatDaerah.objects.filter(pemda__in=province_pemdas(profil.pemda))
    return PerangkatDaerah.objects.filter(pemda_id=profil.pemda_id)


def scope(queryset, user, pd_path="perangkat_daerah"):
    """`queryset` limited to the rows of the PDs `user` may see. `pd_path` leads from the model to its PD
    (e.g. "kegiatan__program__renja__perangkat_daerah" for sub kegiatan); "self" for the PDs themselves; a
    tuple of paths for a model with several possible parents (a row visible through any of them)."""
    visible = visible_perangkat_daerah(user)
    if pd_path == "self":
        return queryset.filter(pk__in=visible)
    paths = pd_path if isinstance(pd_path, tuple) else (pd_path,)
    condition = Q()
    for path in paths:
        condition |= Q(**{f"{path}__in": visible})
    return queryset.filter(condition)


def can_edit_plans_of(user, perangkat_daerah):
    """Only an operator of the PD edits its plans (the workflow adds the plan's own state later)."""
    if not getattr(user, "is_authenticated", False):
        return False
    profil = profil_of(user)
    return (profil is not None and profil.peran == Profil.Peran.OPERATOR_PD
            and profil.perangkat_daerah_id == perangkat_daerah.pk)
