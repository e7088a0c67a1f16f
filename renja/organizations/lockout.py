"""What a throttled login sees (django-axes calls this after too many failed attempts)."""

from django.http import HttpResponse


def locked_out(request, credentials, *args, **kwargs):
    return HttpResponse(
        "<!doctype html><html lang=\"id\"><meta charset=\"utf-8\"><title>Terlalu banyak percobaan masuk</title>"
        "<h1>Terlalu banyak percobaan masuk</h1>"
        "<p>Akun ini dikunci sementara karena kata sandi salah dimasukkan berkali-kali. "
        "Coba lagi dalam satu jam, atau hubungi admin Pemda.</p></html>",
        status=429,
    )


# A username no account can have (Django's User allows 150 characters) would overflow axes' column on
# PostgreSQL and turn a failed login into a server error: the attempt is recorded under its first 150.
USERNAME_LIMIT = 150


def username_of(request, credentials=None):
    """The username axes records a login attempt under."""
    source = credentials if credentials else getattr(request, "data", None) or request.POST
    username = source.get("username") if source else None
    return username[:USERNAME_LIMIT] if isinstance(username, str) else username
