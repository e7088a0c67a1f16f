"""A request whose body is larger than any upload the app takes is refused (413) before its body is read.

Each form checks its own file's size (a plan file, a realisation or ceilings workbook) and says so in its page;
this is the outer bound, for a body no form would take, so that it is not streamed to disk first. nginx's
`client_max_body_size` (docs/deploy.md) does the same in front of it.
"""

from django.conf import settings
from django.http import HttpResponse


class RequestSizeLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = settings.RENJA_REQUEST_MAX_BYTES
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > limit:
            megabytes = f"{limit / (1024 * 1024):.0f}"
            return HttpResponse(
                f"Permintaan terlalu besar ({length / (1024 * 1024):.1f} MB; paling besar {megabytes} MB). Berkas "
                f"tidak diterima dan tidak ada yang berubah.".replace(".", ",", 1),
                status=413, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
