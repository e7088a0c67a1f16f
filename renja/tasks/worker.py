"""The background worker: `renja worker` runs the database backend's worker on the default queue until it is
stopped (SIGTERM lets the current task finish); `renja serve` starts one beside itself."""

import atexit
import os
import signal
import subprocess
import sys

# How long the server waits, when it exits, for the worker to finish the task it is running (a PDF).
STOP_GRACE_SECONDS = 60


def run_worker(interval=1.0):
    """Sweep what killed tasks left behind, then run tasks of the default queue until SIGTERM/SIGINT
    (django_tasks_db's `db_worker`)."""
    from django.core.management import call_command

    from .housekeeping import sweep

    sweep()
    call_command("db_worker", queue_name="default", interval=interval, reload=False, startup_delay=False)


def _die_with_parent():
    """In the child, before exec: on Linux the kernel sends SIGTERM to the worker when the server dies, even
    when it is killed and its atexit never runs."""
    try:
        import ctypes

        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux: atexit and the signal handlers below still stop it
        pass


def stop(process):
    """Ask the worker to stop (it finishes its current task), then kill it if it does not."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=STOP_GRACE_SECONDS)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _chain(signum, process):
    """Stop the worker on `signum`, then do what the server did on it before (its handler, or the default)."""
    previous = signal.getsignal(signum)

    def handler(number, frame):
        stop(process)
        if callable(previous):
            previous(number, frame)
        elif previous != signal.SIG_IGN:
            signal.signal(number, signal.SIG_DFL)
            os.kill(os.getpid(), number)

    signal.signal(signum, handler)


def start_background_worker():
    """Start `renja worker` as a child of this process, stopped when it exits; returns the Popen, or None when
    RENJA_NO_WORKER=1 (a deployment that runs its worker as a unit of its own)."""
    if os.environ.get("RENJA_NO_WORKER") == "1":
        return None
    process = subprocess.Popen([sys.executable, "-m", "renja.cli", "worker"], env=os.environ.copy(),
                               preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None)
    atexit.register(stop, process)
    try:
        _chain(signal.SIGTERM, process)
    except ValueError:  # not the main thread: atexit and the parent-death signal remain
        pass
    return process
