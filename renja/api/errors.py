"""One shape for every error the API answers, in Bahasa Indonesia:
{"galat": {"kode": "tidak_ditemukan", "pesan": "...", "rincian": {...} | null}}."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import set_rollback

from renja.core.errors import InputRefused
from renja.plans.editing import EditConflict, InvalidEdit

CODES = {
    400: "permintaan_tidak_valid", 401: "belum_masuk", 403: "ditolak", 404: "tidak_ditemukan",
    405: "metode_tidak_diizinkan", 406: "format_tidak_didukung", 409: "konflik", 415: "jenis_isi_tidak_didukung",
    429: "terlalu_banyak_permintaan",
}
MESSAGES = {
    401: "Anda belum masuk: kirim header «Authorization: Token <token>» atau masuk lewat aplikasi.",
    404: "Data tidak ditemukan (atau bukan milik PD yang dapat Anda lihat).",
}


def body(code, message, details=None):
    return {"galat": {"kode": code, "pesan": message, "rincian": details}}


def _message(exc, status_code):
    if status_code in MESSAGES:
        return MESSAGES[status_code]
    detail = getattr(exc, "detail", None)
    if isinstance(detail, str):
        return str(detail)
    return str(exc) or "Permintaan ditolak."


def handler(exc, context):
    """DRF's EXCEPTION_HANDLER: every refusal in the one shape; anything else is a 500 (Django's handler)."""
    if isinstance(exc, EditConflict):
        set_rollback()
        return Response(body("konflik", " ".join(exc.errors), None), status=status.HTTP_409_CONFLICT)
    if isinstance(exc, InvalidEdit):
        set_rollback()
        return Response(body("isian_tidak_valid", " ".join(exc.errors), _fields(exc.fields)), status=400)
    if isinstance(exc, InputRefused):
        set_rollback()
        return Response(body("ditolak", " ".join(exc.errors), None), status=400)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or "Anda tidak berhak melakukan ini.")
    if not isinstance(exc, exceptions.APIException):
        return None
    headers = {}
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header
    if getattr(exc, "wait", None):
        headers["Retry-After"] = str(int(exc.wait))
    status_code = exc.status_code
    if isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed):
        status_code = 401  # a token is the way in, whichever authentication refused
        headers.setdefault("WWW-Authenticate", "Token")
    if isinstance(exc, exceptions.AuthenticationFailed):
        failed = str(exc.detail)
    else:
        failed = None
    details = None
    message = failed or _message(exc, status_code)
    if isinstance(exc, exceptions.ValidationError):
        details = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        message = "Isian tidak valid: " + "; ".join(
            f"{field}: {' '.join(str(m) for m in (msgs if isinstance(msgs, list) else [msgs]))}"
            for field, msgs in details.items())
    elif isinstance(exc, exceptions.MethodNotAllowed):
        message = f"Metode {context['request'].method} tidak diizinkan di alamat ini."
    elif isinstance(exc, exceptions.Throttled):
        message = f"Terlalu banyak permintaan: coba lagi dalam {int(exc.wait or 1)} detik."
    elif isinstance(exc, exceptions.NotAcceptable):
        message = "Format jawaban yang diminta tidak didukung: API ini menjawab JSON."
    elif isinstance(exc, exceptions.UnsupportedMediaType):
        message = "Jenis isi permintaan tidak didukung: kirim JSON."
    elif isinstance(exc, exceptions.ParseError):
        message = f"Isi permintaan tidak dapat dibaca: {exc.detail}"
    set_rollback()
    return Response(body(CODES.get(status_code, "galat"), message, details), status=status_code, headers=headers)


def _fields(fields):
    """InvalidEdit's fields as JSON: a field name, or ("indikator", id, "teks") → "indikator.<id>.teks"."""
    return {".".join(str(p) for p in key) if isinstance(key, tuple) else str(key): list(messages)
            for key, messages in fields.items()}


def not_found(request, exception=None):
    """handler404 for URLs under /api/ that match no route (e.g. a negative id): the same JSON shape."""
    return JsonResponse(body("tidak_ditemukan", "Alamat API tidak dikenal."), status=404)
