"""Isolation is a query, not a menu: every queryset that reaches a user passes through `scope`.

An operator or pimpinan PD sees their own PD; a verifier of Bappeda and the admin of a Pemda see every PD
of their Pemda; nobody sees another Pemda. A user without a profile sees nothing (a superuser, who runs
the installation, sees everything).
"""

from django.db.models import Q

from .models import PerangkatDaerah, Profil


def visible_perangkat_daerah(user):
    if not getattr(user, "is_authenticated", False):
        return PerangkatDaerah.objects.none()
    if user.is_superuser:
        return PerangkatDaerah.objects.all()
    profil = Profil.objects.filter(user=user).select_related("pemda").first()
    if profil is None:
        return PerangkatDaerah.objects.none()
    if profil.peran in Profil.PD_ROLES:
        return PerangkatDaerah.objects.filter(pk=profil.perangkat_daerah_id, pemda_id=profil.pemda_id)
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
    profil = Profil.objects.filter(user=user).first()
    return (profil is not None and profil.peran == Profil.Peran.OPERATOR_PD
            and profil.perangkat_daerah_id == perangkat_daerah.pk)
