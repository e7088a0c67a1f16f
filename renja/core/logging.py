"""Server errors are written with the request and the user, to stderr and to a rotating file under RENJA_HOME."""

import logging
import logging.handlers
from pathlib import Path


class RequestContext(logging.Filter):
    """Adds who asked what to every record (a dash where the record has no request)."""

    def filter(self, record):
        request = getattr(record, "request", None)
        user = getattr(request, "user", None) if request is not None else None
        record.user = getattr(user, "username", "") or ("anonim" if request is not None else "-")
        record.method = getattr(request, "method", "-") if request is not None else "-"
        record.path = request.get_full_path() if request is not None else "-"
        record.incident = getattr(request, "kode_kejadian", "-") if request is not None else "-"
        return True


class RotatingFile(logging.handlers.RotatingFileHandler):
    """A RotatingFileHandler that makes its folder first (a fresh RENJA_HOME has no logs/ yet)."""

    def __init__(self, filename, **kwargs):
        Path(filename).parent.mkdir(parents=True, exist_ok=True)
        super().__init__(filename, **kwargs)


def config(log_dir):
    fmt = "%(asctime)s %(levelname)s %(name)s [%(incident)s] %(user)s %(method)s %(path)s: %(message)s"
    handlers = {
        "stderr": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["request"]},
        "file": {
            "class": "renja.core.logging.RotatingFile",
            "filename": str(Path(log_dir) / "renja.log"),
            "maxBytes": 10 * 1024 * 1024,
            "backupCount": 5,
            "encoding": "utf-8",
            "delay": True,
            "formatter": "plain",
            "filters": ["request"],
        },
    }
    both = {"handlers": ["stderr", "file"], "propagate": False}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request": {"()": "renja.core.logging.RequestContext"}},
        "formatters": {"plain": {"format": fmt}},
        "handlers": handlers,
        "loggers": {
            "django.request": {**both, "level": "ERROR"},  # 5xx with their traceback; 4xx are not faults
            "django.security": {**both, "level": "WARNING"},
            "renja": {**both, "level": "INFO"},
        },
    }
