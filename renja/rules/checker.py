"""Checking a stored Renja: what the CLI runs now and what the web app will run on every save."""

from renja.plans.view import build_view

from .engine import run


def check_renja(renja):
    """Every rule on one stored Renja; findings sorted by table and severity."""
    return run(build_view(renja))


def submission_blockers(renja):
    """The findings that stop a plan from being submitted: every error (of the stored, fresh findings)."""
    from .stored import findings

    return [f for f in findings(renja) if f.severity == "error"]
