"""Every way out of `kingpin console` / `kingpin run` stops the embedded PostgreSQL it started.

Real processes on real embedded servers, each on its own temporary ``DATA_DIR`` (a copy of one
cluster initialised and upgraded once per session). "Stopped" means: the process exited within
10 s of the signal, the postmaster is gone, and the wheel's list of users is empty, so the next
start finds a reusable data directory.
"""

from __future__ import annotations

import json
import os
import pty
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

# The bound is 10 s (the server is stopped fast, then immediately, within it); the test
# allows 20 s for a CI machine shared by many jobs. The old code never exited on these paths.
EXIT_WITHIN = 20
START_WITHIN = 180  # a loaded machine may take long to start a server; not a timing assertion


def _env(data_dir: Path, **extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k != "DATABASE_URL" and not k.startswith(("TWITCH__", "KICK__", "DISCORD__"))
    }
    env.update({"DATA_DIR": str(data_dir), "LOG_FORMAT": "json", "PYTHONUNBUFFERED": "1"})
    env.update(extra)
    return env


class Kingpin:
    """A ``kingpin`` subprocess whose output is collected by a thread."""

    def __init__(self, data_dir: Path, *args: str, tty: bool = False, **env: str) -> None:
        self.output = ""
        self._lock = threading.Lock()
        if tty:
            master, slave = pty.openpty()
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "bot.cli", *args], env=_env(data_dir, **env),
                stdin=slave, stdout=slave, stderr=slave, start_new_session=True,
            )
            os.close(slave)
            self._in = master
            reader = self._read_fd
            source: object = master
        else:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "bot.cli", *args], env=_env(data_dir, **env),
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            )
            assert self.proc.stdin is not None
            self._in = self.proc.stdin.fileno()
            reader = self._read_fd
            assert self.proc.stdout is not None
            source = self.proc.stdout.fileno()
        threading.Thread(target=reader, args=(source,), daemon=True).start()

    def _read_fd(self, fd: int) -> None:
        while True:
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                return
            if not chunk:
                return
            with self._lock:
                self.output += chunk.decode(errors="replace")

    def send(self, line: str) -> None:
        os.write(self._in, (line + "\n").encode())

    def wait_for(self, text: str, timeout: float = START_WITHIN) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                if text in self.output:
                    return
            if self.proc.poll() is not None:
                time.sleep(0.2)
                with self._lock:
                    if text in self.output:
                        return
                pytest.fail(f"exited {self.proc.returncode} before {text!r}:\n{self.output}")
            time.sleep(0.05)
        pytest.fail(f"no {text!r} in time:\n{self.output}")

    def clear(self) -> None:
        with self._lock:
            self.output = ""

    def exit_code(self, timeout: float = EXIT_WITHIN) -> int:
        try:
            return self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            pytest.fail(f"still running {timeout} s later:\n{self.output}")

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


def _postmaster_running(pgdata: Path) -> bool:
    pid_file = pgdata / "postmaster.pid"
    if not pid_file.exists():
        return False
    try:
        pid = int(pid_file.read_text().split()[0])
        os.kill(pid, 0)
    except (ProcessLookupError, ValueError, IndexError):
        return False
    return True


def _users(pgdata: Path) -> list[int]:
    path = pgdata / ".handle_pids.json"
    return json.loads(path.read_text()) if path.exists() else []


def _assert_stopped(data_dir: Path) -> None:
    pgdata = data_dir / "pgdata"
    for _ in range(50):  # the postmaster's last children may take a moment after it answered
        if not _postmaster_running(pgdata):
            break
        time.sleep(0.1)
    assert not _postmaster_running(pgdata), "the embedded PostgreSQL is still running"
    assert _users(pgdata) == [], "a stale pid is left in the list of server users"


def _stop_leftover(pgdata: Path) -> None:
    if _postmaster_running(pgdata):
        pid = int((pgdata / "postmaster.pid").read_text().split()[0])
        os.kill(pid, signal.SIGQUIT)


@pytest.fixture(scope="session")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data directory upgraded once (initdb + migrations + content), server stopped."""
    data = tmp_path_factory.mktemp("kingpin-template")
    done = subprocess.run(
        [sys.executable, "-m", "bot.cli", "db", "upgrade"], env=_env(data),
        capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    _assert_stopped(data)
    return data


@pytest.fixture
def data_dir(cluster: Path, tmp_path: Path) -> Iterator[Path]:
    target = tmp_path / "kingpin"
    subprocess.run(["cp", "-a", str(cluster), str(target)], check=True)
    yield target
    _stop_leftover(target / "pgdata")


def _chatting(data_dir: Path, *args: str, **env: str) -> Kingpin:
    """A process reading chat from a pipe that stays open, proven up by one answered command."""
    kp = Kingpin(data_dir, *args, **env)
    kp.send("!balance")
    kp.wait_for("[kingpin")
    assert _postmaster_running(data_dir / "pgdata")
    return kp


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["sigterm", "sigint"])
@pytest.mark.parametrize("verb", ["console", "run"])
def test_signal_stops_the_embedded_server(data_dir: Path, verb: str, sig: signal.Signals) -> None:
    kp = _chatting(data_dir, verb)
    try:
        kp.proc.send_signal(sig)
        code = kp.exit_code()
    finally:
        kp.close()
    assert code in (0, 130, 143), kp.output
    assert "Traceback" not in kp.output
    _assert_stopped(data_dir)


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_interactive_console_leaves_at_once(data_dir: Path, sig: signal.Signals) -> None:
    """On a terminal, Ctrl-C at the prompt leaves without waiting for Enter."""
    kp = Kingpin(data_dir, "console", tty=True)
    try:
        kp.wait_for("> ")
        kp.send("!balance")
        kp.wait_for("[kingpin")
        kp.proc.send_signal(sig)
        code = kp.exit_code()
    finally:
        kp.close()
    assert code in (130, 143), kp.output
    assert "Traceback" not in kp.output
    _assert_stopped(data_dir)


def test_quit_stops_the_embedded_server(data_dir: Path) -> None:
    kp = _chatting(data_dir, "console")
    try:
        kp.send("/quit")
        assert kp.exit_code() == 0, kp.output
    finally:
        kp.close()
    _assert_stopped(data_dir)


def test_end_of_script_stops_the_embedded_server(data_dir: Path, tmp_path: Path) -> None:
    script = tmp_path / "script.txt"
    script.write_text("alice: !checkin\nalice: !balance\n", encoding="utf-8")
    kp = Kingpin(data_dir, "console", "--script", str(script), "--seed", "7")
    try:
        assert kp.exit_code(START_WITHIN) == 0, kp.output
    finally:
        kp.close()
    assert "[kingpin → alice]" in kp.output
    _assert_stopped(data_dir)


def test_an_exception_stops_the_embedded_server(data_dir: Path) -> None:
    """`kingpin run` whose HTTP port is taken fails after the server started: still stopped."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        kp = Kingpin(
            data_dir, "run", HTTP_PORT=str(port), KICK__ENABLED="true",
            KICK__CLIENT_ID="x", KICK__BOT_USER_ID="1", KICK__API_URL="http://127.0.0.1:9",
        )
        try:
            code = kp.exit_code(START_WITHIN)
        finally:
            kp.close()
    assert code == 1, kp.output
    assert "kingpin.crashed" in kp.output
    _assert_stopped(data_dir)


def test_a_joined_process_does_not_stop_the_server_under_the_first(data_dir: Path) -> None:
    first = _chatting(data_dir, "console")
    try:
        second = _chatting(data_dir, "console")
        second.proc.send_signal(signal.SIGTERM)
        second.exit_code()
        joined = subprocess.run(
            [sys.executable, "-m", "bot.cli", "db", "status"], env=_env(data_dir),
            capture_output=True, text=True, timeout=START_WITHIN,
        )
        assert joined.returncode == 0, joined.stdout + joined.stderr
        assert _postmaster_running(data_dir / "pgdata")
        first.clear()
        first.send("!help")
        first.wait_for("[kingpin", timeout=30)
        first.send("/quit")
        assert first.exit_code() == 0, first.output
    finally:
        first.close()
    _assert_stopped(data_dir)


def test_a_killed_process_leaves_the_data_dir_reusable(data_dir: Path, tmp_path: Path) -> None:
    """kill -9 skips every cleanup; the next process forgets the dead pid and stops the server."""
    victim = _chatting(data_dir, "console")
    victim.proc.kill()
    victim.proc.wait()
    assert victim.proc.pid in _users(data_dir / "pgdata")
    script = tmp_path / "script.txt"
    script.write_text("bob: !balance\n", encoding="utf-8")
    kp = Kingpin(data_dir, "console", "--script", str(script))
    try:
        assert kp.exit_code(START_WITHIN) == 0, kp.output
    finally:
        kp.close()
    assert "[kingpin → bob]" in kp.output
    _assert_stopped(data_dir)
