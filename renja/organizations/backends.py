"""A read-only role holds no write permission, whatever its groups say: Django asks every backend in turn and
stops at the first that raises PermissionDenied, so this backend (first in AUTHENTICATION_BACKENDS) makes
`user.has_perm("app.add_…" / "change_…" / "delete_…")` false for a Pemantau Provinsi, in the admin and
wherever else a permission is checked. It authenticates nobody and grants nothing.

`ProfilBackend` is Django's ModelBackend reading a session's user together with their Profil."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied

WRITES = ("add_", "change_", "delete_")


class ReadOnlyRoleBackend:
    # no get_user: a session is never this backend's (Django's test client and login pick one that has it)
    def authenticate(self, request, **credentials):
        return None

    def has_perm(self, user, perm, obj=None):
        from .scoping import reads_only

        if not hasattr(user, "_renja_reads_only"):  # once per user object (one request)
            user._renja_reads_only = reads_only(user)
        if user._renja_reads_only and perm.partition(".")[2].startswith(WRITES):
            raise PermissionDenied("Pemantau Provinsi hanya membaca.")
        return False


class ProfilBackend(ModelBackend):
    """ModelBackend (the same logins, the same permissions), whose `get_user` reads the user of the session with
    their Profil, its Pemda and PD in one query: every request needs both (scoping.profil_of finds the Profil
    on the user object). Listed before ModelBackend, which stays for the sessions it opened (a session names the
    backend that logged it in)."""

    def get_user(self, user_id):
        from .models import Profil

        model = get_user_model()
        try:
            user = model._default_manager.select_related(
                "profil__pemda", "profil__perangkat_daerah").get(pk=user_id)
        except model.DoesNotExist:
            return None
        if not self.user_can_authenticate(user):
            return None
        try:
            user._renja_profil = user.profil
        except Profil.DoesNotExist:  # a superuser of the installation
            user._renja_profil = None
        return user
