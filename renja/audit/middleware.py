"""Every download a signed-in user receives is recorded: one place for all of them (plan documents, data files,
realisation templates, the RKPD), found by the response being an attachment."""

import re

from renja.organizations.models import Pemda, PerangkatDaerah
from renja.plans.models import Renja

from .models import Peristiwa
from .record import record

_FILENAME = re.compile(r'filename\*?=(?:UTF-8\'\')?"?([^";]+)"?')


class DownloadsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        disposition = response.get("Content-Disposition", "")
        user = getattr(request, "user", None)
        if response.status_code == 200 and disposition.startswith("attachment") and user is not None \
                and user.is_authenticated:
            match = _FILENAME.search(disposition)
            name = match.group(1) if match else ""
            pd, pemda = _owner(getattr(request, "resolver_match", None))
            record(Peristiwa.Jenis.UNDUH, user=user, pemda=pemda, perangkat_daerah=pd, request=request,
                   uraian=f"{name} ({request.path})" if name else request.path)
        return response


def _owner(match):
    """(PD, Pemda) whose data the URL names: a plan's PD, a PD, or a Pemda; (None, None) when it names none."""
    kwargs = match.kwargs if match is not None else {}
    if "renja_id" in kwargs:
        renja = Renja.objects.filter(pk=kwargs["renja_id"]).select_related("perangkat_daerah__pemda").first()
        if renja is not None:
            return renja.perangkat_daerah, renja.perangkat_daerah.pemda
    if "pd_id" in kwargs:
        pd = PerangkatDaerah.objects.filter(pk=kwargs["pd_id"]).select_related("pemda").first()
        if pd is not None:
            return pd, pd.pemda
    if "pemda_id" in kwargs:
        return None, Pemda.objects.filter(pk=kwargs["pemda_id"]).first()
    return None, None
