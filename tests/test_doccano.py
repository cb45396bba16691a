"""The annotation loop against a real doccano server on 127.0.0.1, started by `histner doccano serve`.

The server runs from a temporary state folder on a free port for the whole session (doccano itself
is installed into .doccano/venv on first use, which takes a minute or two once). Every command is
run as a user runs it: the installed console script in a subprocess.
"""

from __future__ import annotations

import json
import os
import socket
import stat
import subprocess
from pathlib import Path

import pytest

from pipeline import paths
from pipeline.doccano import mapping
from pipeline.errors import InputError
from pipeline.schema import Document
from tests.conftest import histner_cmd, load_jsonl

pytestmark = pytest.mark.doccano


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run(env: dict[str, str], *args: str, timeout: float = 900) -> subprocess.CompletedProcess:
    return subprocess.run([*histner_cmd(), *args], capture_output=True, text=True, env=env, timeout=timeout)


def listening_addresses(port: int) -> set[str]:
    """Local IPv4/IPv6 addresses with a listening TCP socket on `port`, from /proc/net/tcp{,6}."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        if not Path(table).exists():
            continue
        for row in Path(table).read_text().splitlines()[1:]:
            local, _, state = row.split()[1], row.split()[2], row.split()[3]
            address, hex_port = local.split(":")
            if int(hex_port, 16) == port and state == "0A":  # 0A = LISTEN
                found.add(address)
    return found


@pytest.fixture(scope="session")
def doccano_env(tmp_path_factory) -> dict[str, str]:
    """Environment for histner commands that talk to the session's server (started here, stopped at the end)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("HISTNER_DOCCANO_")}
    env["HISTNER_DOCCANO_DIR"] = str(tmp_path_factory.mktemp("doccano-state"))
    env["HISTNER_DOCCANO_PORT"] = str(free_port())
    started = run(env, "doccano", "serve")
    assert started.returncode == 0, started.stderr + started.stdout
    yield env
    run(env, "doccano", "stop", timeout=120)


@pytest.fixture(scope="session")
def gold_docs() -> list[dict]:
    return load_jsonl(paths.GOLD_ARTICLE) + load_jsonl(paths.GOLD_TRANSCRIPT)


def write(path: Path, docs: list[dict]) -> Path:
    path.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs), encoding="utf-8")
    return path


# ------------------------------------------------------------------ server lifecycle

def test_serve_listens_on_loopback_only_and_keeps_credentials_private(doccano_env):
    port = int(doccano_env["HISTNER_DOCCANO_PORT"])
    result = run(doccano_env, "doccano", "status")
    assert result.returncode == 0 and f"running at http://127.0.0.1:{port}" in result.stdout
    assert listening_addresses(port) == {"0100007F"}  # 127.0.0.1, nothing on 0.0.0.0 or ::
    creds = Path(doccano_env["HISTNER_DOCCANO_DIR"]) / "credentials.json"
    assert stat.S_IMODE(creds.stat().st_mode) == 0o600
    stored = json.loads(creds.read_text())
    assert len(stored["password"]) >= 20 and stored["password"] != "password"


def test_serve_again_reuses_the_running_server(doccano_env):
    before = run(doccano_env, "doccano", "status").stdout
    again = run(doccano_env, "doccano", "serve")
    assert again.returncode == 0
    assert run(doccano_env, "doccano", "status").stdout == before  # same pids


# ------------------------------------------------------------------ round trip

def test_gold_round_trip_is_lossless(doccano_env, gold_docs, tmp_path):
    """294 gold documents (article lines and damaged transcript lines with ŏ, ŭ, apostrophes) with
    2,500+ spans go in as pre-annotations and come back identical: ids, texts, spans, meta, order."""
    texts = "".join(d["text"] for d in gold_docs)
    assert len(gold_docs) >= 100 and "ŏ" in texts and "ŭ" in texts and "'" in texts
    src = write(tmp_path / "gold.jsonl", gold_docs)
    pushed = run(doccano_env, "doccano", "push", str(src), "--project", "roundtrip", "--batch-size", "200")
    assert pushed.returncode == 0, pushed.stderr
    spans = sum(len(d["label"]) for d in gold_docs)
    assert f"{len(gold_docs)} documents, {spans} spans" in pushed.stdout
    out = tmp_path / "pulled.jsonl"
    pulled = run(doccano_env, "doccano", "pull", "--project", "roundtrip", "-o", str(out))
    assert pulled.returncode == 0, pulled.stderr
    back = load_jsonl(out)
    assert [d["id"] for d in back] == [d["id"] for d in gold_docs]
    assert [d["text"] for d in back] == [d["text"] for d in gold_docs]
    assert [sorted(map(tuple, d["label"])) for d in back] == [sorted(map(tuple, d["label"])) for d in gold_docs]
    assert back == gold_docs


def test_pushes_come_back_in_push_order(doccano_env, gold_docs, tmp_path):
    """Two small pushes (small files are where doccano's encoding guess turned ® into Â®) keep their order."""
    first = write(tmp_path / "first.jsonl", gold_docs[-5:])
    second = write(tmp_path / "second.jsonl", gold_docs[:5])
    for path in (first, second):
        assert run(doccano_env, "doccano", "push", str(path), "--project", "two-pushes").returncode == 0
    out = tmp_path / "pulled.jsonl"
    assert run(doccano_env, "doccano", "pull", "--project", "two-pushes", "-o", str(out)).returncode == 0
    assert load_jsonl(out) == gold_docs[-5:] + gold_docs[:5]


# ------------------------------------------------------------------ failures

def test_label_outside_the_schema_is_refused_before_any_upload(doccano_env, gold_docs, tmp_path):
    bad = [dict(d) for d in gold_docs[:3]]
    bad[1] = {**bad[1], "label": bad[1]["label"] + [[0, 3, "MISC"]]}
    src = write(tmp_path / "bad.jsonl", bad)
    result = run(doccano_env, "doccano", "push", str(src), "--project", "never-created")
    assert result.returncode == 1
    assert f"{src}:2: label 'MISC' is outside the schema (PERSON, ORG, LOC, DATE)" in result.stderr
    missing = run(doccano_env, "doccano", "pull", "--project", "never-created", "-o", str(tmp_path / "o.jsonl"))
    assert missing.returncode == 1 and "no doccano project named 'never-created'" in missing.stderr


def test_pull_of_a_missing_project_writes_nothing(doccano_env, tmp_path):
    out = tmp_path / "out.jsonl"
    result = run(doccano_env, "doccano", "pull", "--project", "no-such-project", "-o", str(out))
    assert result.returncode == 1
    assert "error: no doccano project named 'no-such-project'" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_wrong_password_is_reported_as_such(doccano_env, gold_docs, tmp_path):
    env = {**doccano_env, "HISTNER_DOCCANO_USER": "histner-admin", "HISTNER_DOCCANO_PASSWORD": "not-the-password"}
    out = tmp_path / "out.jsonl"
    result = run(env, "doccano", "pull", "--project", "roundtrip", "-o", str(out))
    assert result.returncode == 1
    assert "refused the login for user 'histner-admin': wrong user name or password" in result.stderr
    assert not out.exists()


def test_no_server_running_is_reported_with_the_fix(tmp_path, gold_docs):
    env = {k: v for k, v in os.environ.items() if not k.startswith("HISTNER_DOCCANO_")}
    env["HISTNER_DOCCANO_DIR"] = str(tmp_path / "state")
    env["HISTNER_DOCCANO_PORT"] = str(free_port())
    status = run(env, "doccano", "status")
    assert status.returncode == 1 and "not running" in status.stdout
    out = tmp_path / "out.jsonl"
    pulled = run(env, "doccano", "pull", "--project", "p", "-o", str(out))
    assert pulled.returncode == 1
    assert f"no doccano server answers at http://127.0.0.1:{env['HISTNER_DOCCANO_PORT']}" in pulled.stderr
    assert "histner doccano serve" in pulled.stderr and not out.exists()
    pushed = run(env, "doccano", "push", str(write(tmp_path / "in.jsonl", gold_docs[:3])), "--project", "p")
    assert pushed.returncode == 1 and "no doccano server answers" in pushed.stderr
    assert run(env, "doccano", "stop").stdout.strip() == "doccano was not running"


def test_server_stopped_mid_upload(doccano_env, gold_docs, tmp_path):
    """`stop` during a push in small batches: the push fails saying how much was stored; `stop` ended
    exactly the recorded processes; the server comes back with `serve` and keeps its data."""
    src = write(tmp_path / "gold.jsonl", gold_docs)
    push = subprocess.Popen([*histner_cmd(), "doccano", "push", str(src), "--project", "interrupted",
                             "--batch-size", "10"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=doccano_env)
    try:
        first = push.stdout.readline()
        assert first.startswith("uploaded 10/"), first + push.stderr.read()
        state = json.loads((Path(doccano_env["HISTNER_DOCCANO_DIR"]) / "run" / "server.json").read_text())
        stopped = run(doccano_env, "doccano", "stop", timeout=120)
        assert stopped.returncode == 0 and "doccano stopped" in stopped.stdout
        _, err = push.communicate(timeout=300)
    finally:
        if push.poll() is None:
            push.kill()
    assert push.returncode == 1
    assert "stopped answering during the upload" in err and f"of {len(gold_docs)} documents were stored" in err
    for pid in state["pids"].values():
        assert not Path(f"/proc/{pid}").exists()
    assert run(doccano_env, "doccano", "status").returncode == 1
    restarted = run(doccano_env, "doccano", "serve")
    assert restarted.returncode == 0, restarted.stderr
    out = tmp_path / "pulled.jsonl"
    assert run(doccano_env, "doccano", "pull", "--project", "interrupted", "-o", str(out)).returncode == 0
    stored = load_jsonl(out)  # what was stored before the stop survived it, in push order
    assert 10 <= len(stored) < len(gold_docs) and stored == gold_docs[:len(stored)]


# ------------------------------------------------------------------ mapping (no server)

def test_mapping_keeps_ids_meta_and_order_whatever_doccano_numbers(gold_docs):
    docs = [Document(d["id"], d["text"], d["label"], d["meta"]) for d in gold_docs[:30]]
    exported = []
    for order, doc in enumerate(docs):
        rec = mapping.to_upload(doc, order, "2025-01-01T00:00:00.000000Z")
        meta = {k: v for k, v in rec.items() if k not in ("text", "label")}
        # doccano's export: its own id, the meta spread over the record, spans in any order
        exported.append({"id": 1000 - order, "text": rec["text"], "label": rec["label"][::-1], "Comments": [], **meta})
    back = mapping.restore_order(exported[::-1])
    assert [d.to_json() for d in back] == [{**d.to_json(), "label": sorted(d.label)} for d in docs]


def test_mapping_refuses_overlaps_doccano_would_drop(gold_docs):
    text = gold_docs[0]["text"]
    with pytest.raises(InputError, match=r"f\.jsonl:7: spans \[0, 5, 'PERSON'\] and \[3, 8, 'ORG'\] overlap"):
        mapping.check_for_push(Document("x", text, [[0, 5, "PERSON"], [3, 8, "ORG"]]), "f.jsonl", 7)
    with pytest.raises(InputError, match="outside the text"):
        mapping.check_for_push(Document("x", text, [[0, len(text) + 1, "PERSON"]]), "f.jsonl", 1)
