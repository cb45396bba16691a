"""Install, start, inspect and stop a local doccano server that only this project owns.

doccano's Django/DRF pins clash with the pipeline's, so it lives in its own virtualenv
(`.doccano/venv`), installed on first use. Its data (SQLite database, media), logs, pid file and
credentials live in the state folder (`.doccano/`, or `HISTNER_DOCCANO_DIR`), never in `~`.
The web server is gunicorn bound to 127.0.0.1 only (doccano's own `webserver` binds 0.0.0.0); the
`doccano task` worker runs beside it because uploads and exports are background jobs. Each process
starts in its own session, so `stop` ends exactly those process groups and nothing else.
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from pipeline import paths
from pipeline.errors import HistnerError

DOCCANO_SPEC = ["doccano==1.8.4", "marshmallow<4", "numpy<2"]
DEFAULT_PORT = 8000
START_TIMEOUT = 120.0
STOP_TIMEOUT = 20.0


class ServerError(HistnerError):
    """The doccano server cannot be installed, started or reached."""


def state_dir() -> Path:
    """Data, logs, pid file and credentials; `HISTNER_DOCCANO_DIR` moves them (tests use a temporary one)."""
    return Path(os.environ.get("HISTNER_DOCCANO_DIR") or paths.ROOT / ".doccano").resolve()


def venv_dir() -> Path:
    """doccano's own virtualenv; shared by every state folder because installing takes a minute."""
    return Path(os.environ.get("HISTNER_DOCCANO_VENV") or paths.ROOT / ".doccano" / "venv").resolve()


def default_port() -> int:
    raw = os.environ.get("HISTNER_DOCCANO_PORT", str(DEFAULT_PORT))
    try:
        return int(raw)
    except ValueError:
        raise ServerError(f"HISTNER_DOCCANO_PORT is not a port number: {raw!r}") from None


# ---------------------------------------------------------------- credentials

@dataclass(frozen=True)
class Credentials:
    username: str
    password: str
    secret_key: str  # Django's SECRET_KEY: doccano ships a fixed default, we never use it
    source: str  # where the user name and password come from, for error messages


def _write_private(path: Path, data: dict) -> None:
    """Write JSON readable by the owner only (0600 from creation, not chmod-ed afterwards)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(data, fh, indent=2)
    os.replace(tmp, path)


def credentials() -> Credentials:
    """The admin account: `HISTNER_DOCCANO_USER`/`_PASSWORD` if set, else generated once and kept in
    `credentials.json` (mode 0600) in the state folder."""
    path = state_dir() / "credentials.json"
    stored: dict = {}
    if path.is_file():
        try:
            stored = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise ServerError(f"malformed JSON: {exc.msg}", path=path, line=exc.lineno) from None
    changed = False
    if "secret_key" not in stored:
        stored["secret_key"] = secrets.token_urlsafe(48)
        changed = True
    user, password = os.environ.get("HISTNER_DOCCANO_USER"), os.environ.get("HISTNER_DOCCANO_PASSWORD")
    if not (user and password) and not ("username" in stored and "password" in stored):
        stored["username"], stored["password"] = "histner-admin", secrets.token_urlsafe(18)
        changed = True
    if changed:
        _write_private(path, stored)
    if user and password:
        return Credentials(user, password, stored["secret_key"], "HISTNER_DOCCANO_USER/HISTNER_DOCCANO_PASSWORD")
    return Credentials(stored["username"], stored["password"], stored["secret_key"], str(path))


# ---------------------------------------------------------------- install and initialise

def _run_logged(cmd: list[str], log: Path, env: dict | None, what: str) -> None:
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("a", encoding="utf-8") as fh:
        fh.write(f"\n$ {' '.join(cmd)}\n")
        fh.flush()
        done = subprocess.run(cmd, stdout=fh, stderr=subprocess.STDOUT, env=env)
    if done.returncode != 0:
        raise ServerError(f"{what} failed (exit {done.returncode}); see {log}")


def ensure_installed(say=print) -> Path:
    """doccano's virtualenv, created on first use; a failed install is removed so the next run retries."""
    venv = venv_dir()
    marker = venv / ".histner-installed"
    if marker.is_file() and marker.read_text() == " ".join(DOCCANO_SPEC):
        return venv
    import shutil

    say(f"installing {' '.join(DOCCANO_SPEC)} into {venv} (first use; takes a minute or two)")
    log = state_dir() / "logs" / "install.log"
    try:
        if not (venv / "bin" / "python").exists():
            _run_logged([sys.executable, "-m", "venv", str(venv)], log, None, "creating doccano's virtualenv")
        _run_logged([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", *DOCCANO_SPEC], log, None,
                    "installing doccano")
    except BaseException:
        shutil.rmtree(venv, ignore_errors=True)
        raise
    marker.write_text(" ".join(DOCCANO_SPEC))
    return venv


def _backend_dir(venv: Path) -> Path:
    found = sorted(venv.glob("lib/python*/site-packages/backend"))
    if not found:
        raise ServerError(f"doccano's backend package is missing from {venv}; delete that folder and serve again")
    return found[0]


def doccano_env(creds: Credentials) -> dict[str, str]:
    """Environment for every doccano process: its data in the state folder, production settings."""
    data = state_dir() / "data"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "CELERY_"))}
    env.update({
        "DOCCANO_HOME": str(data),
        "DATABASE_URL": f"sqlite:///{data / 'db.sqlite3'}",
        "MEDIA_ROOT": str(data / "media"),
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "STANDALONE": "True",
        "DEBUG": "False",
        "SECRET_KEY": creds.secret_key,
    })
    return env


def ensure_initialised(venv: Path, creds: Credentials, say=print) -> None:
    """`doccano init` once per state folder; the admin account again whenever the credentials change
    (create_admin sets the password of an existing user too)."""
    import hashlib

    data = state_dir() / "data"
    initialised = data / ".histner-initialised"
    admin_marker = data / ".histner-admin"
    fingerprint = hashlib.sha256(f"{creds.secret_key}\0{creds.username}\0{creds.password}".encode()).hexdigest()
    env = doccano_env(creds)
    log = state_dir() / "logs" / "init.log"
    if not initialised.is_file():
        data.mkdir(parents=True, exist_ok=True)
        say(f"initialising doccano's database in {data}")
        _run_logged([str(venv / "bin" / "doccano"), "init"], log, env, "doccano init")
        initialised.write_text("")
    if admin_marker.is_file() and admin_marker.read_text() == fingerprint:
        return
    # The password goes through the environment of a Python child rather than argv (`ps` shows argv).
    create_admin = ("import os, django; django.setup(); from django.core import management; "
                    "management.call_command('create_admin', '--noinput', username=os.environ['H_USER'], "
                    "password=os.environ['H_PASSWORD'], email='admin@localhost')")
    env_admin = {**env, "H_USER": creds.username, "H_PASSWORD": creds.password}
    _run_logged([str(venv / "bin" / "python"), "-c", create_admin], log, {**env_admin, "PYTHONPATH": str(_backend_dir(venv))},
                "creating the doccano admin")
    admin_marker.write_text(fingerprint)


# ---------------------------------------------------------------- processes

@dataclass(frozen=True)
class ServerState:
    url: str
    port: int
    pids: dict[str, int]  # role → pid (each the leader of its own process group)


def _state_file() -> Path:
    return state_dir() / "run" / "server.json"


def _is_ours(pid: int) -> bool:
    """Alive and running from doccano's virtualenv: guards against a reused pid."""
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\x00", b" ").decode(errors="replace")
    except OSError:
        return False
    stat = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[-1].split()
    if stat and stat[0] == "Z":
        return False
    return str(venv_dir()) in cmdline


def read_state() -> ServerState | None:
    """The recorded server if at least one of its processes is still ours, else None."""
    path = _state_file()
    if not path.is_file():
        return None
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        state = ServerState(raw["url"], int(raw["port"]), {k: int(v) for k, v in raw["pids"].items()})
    except (json.JSONDecodeError, KeyError, TypeError, ValueError):
        return None
    return state if any(_is_ours(pid) for pid in state.pids.values()) else None


def server_url(port: int | None = None) -> str:
    """The running server's URL, or where one would listen."""
    state = read_state()
    if state is not None and port is None:
        return state.url
    return f"http://127.0.0.1:{port or default_port()}"


def _port_taken(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def _spawn(cmd: list[str], env: dict, log: Path, cwd: Path) -> subprocess.Popen:
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("a", encoding="utf-8") as fh:
        return subprocess.Popen(cmd, env=env, cwd=cwd, stdout=fh, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, start_new_session=True)


def _end_group(pid: int, timeout: float = STOP_TIMEOUT) -> None:
    """SIGTERM the process group led by `pid`, SIGKILL it if it lingers."""
    try:
        os.killpg(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            os.killpg(pid, 0)
        except ProcessLookupError:
            return
        _reap(pid)
        time.sleep(0.2)
    try:
        os.killpg(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    _reap(pid)


def _reap(pid: int) -> None:
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        pass


def serve(port: int | None = None, say=print) -> ServerState:
    """Start the server (installing and initialising it first if needed) and wait until the API answers."""
    from pipeline.doccano import gateway

    running = read_state()
    if running is not None and not all(_is_ours(pid) for pid in running.pids.values()):
        say("one of the doccano processes has died; restarting both")
        stop()
        running = None
    if running is not None:
        if port is not None and port != running.port:
            raise ServerError(f"a doccano server from {state_dir()} already runs at {running.url}; "
                              f"stop it first to use port {port}")
        return running
    port = port or default_port()
    if _port_taken(port):
        raise ServerError(f"port {port} on 127.0.0.1 is already in use; choose another with --port "
                          f"or HISTNER_DOCCANO_PORT")
    venv = ensure_installed(say)
    creds = credentials()
    ensure_initialised(venv, creds, say)
    env = doccano_env(creds)
    backend = _backend_dir(venv)
    logs = state_dir() / "logs"
    url = f"http://127.0.0.1:{port}"
    web = _spawn([str(venv / "bin" / "gunicorn"), "--bind", f"127.0.0.1:{port}", "--chdir", str(backend),
                  "--workers", "2", "--timeout", "300", "config.wsgi"], env, logs / "web.log", backend)
    task = _spawn([str(venv / "bin" / "doccano"), "task", "--concurrency", "1"], env, logs / "task.log", backend)
    state = ServerState(url, port, {"web": web.pid, "task": task.pid})
    _write_private(_state_file(), {"url": url, "port": port, "pids": state.pids})
    deadline = time.monotonic() + START_TIMEOUT
    while True:
        for role, proc in (("web server", web), ("task worker", task)):
            if proc.poll() is not None:
                stop()
                raise ServerError(f"the doccano {role} exited with status {proc.returncode} while starting; "
                                  f"see {logs / ('web.log' if proc is web else 'task.log')}")
        if gateway.answers(url):
            return state
        if time.monotonic() > deadline:
            stop()
            raise ServerError(f"doccano did not answer at {url} within {START_TIMEOUT:.0f} s; see {logs}")
        time.sleep(0.5)


def stop() -> bool:
    """End the processes `serve` started (by their process groups); True if there was something to stop."""
    path = _state_file()
    if not path.is_file():
        return False
    try:
        pids = {k: int(v) for k, v in json.loads(path.read_text(encoding="utf-8"))["pids"].items()}
    except (json.JSONDecodeError, KeyError, TypeError, ValueError):
        pids = {}
    stopped = False
    for pid in pids.values():
        if _is_ours(pid):
            _end_group(pid)
            stopped = True
    path.unlink(missing_ok=True)
    return stopped


@dataclass(frozen=True)
class Status:
    running: bool
    url: str
    answers: bool
    pids: dict[str, int]
    dead: tuple[str, ...] = ()  # roles whose process has ended (serve restarts both)


def status() -> Status:
    from pipeline.doccano import gateway

    state = read_state()
    if state is None:
        return Status(False, server_url(), False, {})
    dead = tuple(role for role, pid in state.pids.items() if not _is_ours(pid))
    return Status(True, state.url, gateway.answers(state.url), state.pids, dead)
