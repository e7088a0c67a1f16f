"""Who is calling: a personal token (`Authorization: Token <t>` or `Bearer <t>`) or the app's session."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from .tokens import find_token

SCHEMES = ("token", "bearer")


class TokenAuthentication(authentication.BaseAuthentication):
    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode("latin-1").split()
        if not header or header[0].lower() not in SCHEMES:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(
                "Header Authorization tidak lengkap: tulis «Token <token>» atau «Bearer <token>».")
        token = find_token(header[1])
        if token is None:
            raise exceptions.AuthenticationFailed("Token tidak dikenal, sudah dicabut, atau penggunanya tidak aktif.")
        return token.user, token

    def authenticate_header(self, request):
        return "Token"


class TokenScheme(OpenApiAuthenticationExtension):
    target_class = "renja.api.auth.TokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "header", "name": "Authorization",
                "description": "Token pribadi: «Token <token>» atau «Bearer <token>»."}
