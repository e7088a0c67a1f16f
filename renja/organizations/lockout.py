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
