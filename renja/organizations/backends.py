"""A read-only role holds no write permission, whatever its groups say: Django asks every backend in turn and
stops at the first that raises PermissionDenied, so this backend (first in AUTHENTICATION_BACKENDS) makes
`user.has_perm("app.add_…" / "change_…" / "delete_…")` false for a Pemantau Provinsi, in the admin and
wherever else a permission is checked. It authenticates nobody and grants nothing."""

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
