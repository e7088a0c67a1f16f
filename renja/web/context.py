from .access import profil_of


def profil(request):
    """The signed-in user's role, for the top bar of every page."""
    return {"profil": profil_of(getattr(request, "user", None))}
