"""Adding an event to the audit log: one function, called by the signal handlers and the downloads middleware."""

from renja.organizations.scoping import profil_of

from .models import Peristiwa


def client_ip(request):
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def record(jenis, *, user=None, username="", pemda=None, perangkat_daerah=None, uraian="", request=None):
    """Add one event. The Pemda (and PD) default to the user's own, so that their Admin Pemda reads it."""
    profil = profil_of(user)  # the request's copy, with its Pemda and PD
    if pemda is None and profil is not None:
        pemda = profil.pemda
        perangkat_daerah = perangkat_daerah or profil.perangkat_daerah
    if perangkat_daerah is not None and pemda is None:
        pemda = perangkat_daerah.pemda
    return Peristiwa.objects.create(
        jenis=jenis, pengguna=user if user is not None and user.is_authenticated else None,
        nama_pengguna=(username or (user.get_username() if user is not None and user.is_authenticated else ""))[:150],
        pemda=pemda, perangkat_daerah=perangkat_daerah, uraian=uraian, alamat_ip=client_ip(request))
