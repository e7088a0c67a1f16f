"""Making, finding and revoking personal API tokens. A token is 32 random bytes: its SHA-256 digest is enough
to store (no salt or slow hash is needed for a secret that cannot be guessed)."""

import hashlib
import secrets
from datetime import timedelta

from django.utils import timezone

from .models import TokenApi

PREFIX = "rj_"
SHOWN = 10  # characters of the token kept in clear, to tell tokens apart
TOUCH_EVERY = timedelta(minutes=1)  # last use is written at most this often (each write queues on SQLite)


def digest(raw):
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def create_token(user, nama=""):
    """(TokenApi, the token in clear): the only moment the token itself exists outside the client."""
    raw = PREFIX + secrets.token_urlsafe(32)
    token = TokenApi.objects.create(user=user, nama=(nama or "").strip()[:100], awalan=raw[:SHOWN],
                                    sidik=digest(raw))
    return token, raw


def find_token(raw):
    """The active token `raw` is, with its user, or None (unknown, revoked, or the user inactive)."""
    if not raw or len(raw) > 200:
        return None
    token = (TokenApi.objects.select_related("user").filter(sidik=digest(raw), dicabut_pada__isnull=True)
             .first())
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.terakhir_dipakai is None or now - token.terakhir_dipakai > TOUCH_EVERY:
        TokenApi.objects.filter(pk=token.pk).update(terakhir_dipakai=now)
        token.terakhir_dipakai = now
    return token


def revoke(user, token_id):
    """Revoke one of `user`'s own tokens; False when they have no such active token."""
    return bool(TokenApi.objects.filter(user=user, pk=token_id, dicabut_pada__isnull=True)
                .update(dicabut_pada=timezone.now()))
