"""`rj remind` on a real D-Bus session bus (a private dbus-daemon) with a notification service
that records what it is sent, and on a machine without one."""

from __future__ import annotations

import shutil
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from rjournal.cli.main import main
from rjournal.cli.notify import escape_markup, notify, session_bus

DAEMON = shutil.which("dbus-daemon")
needs_dbus = pytest.mark.skipif(DAEMON is None, reason="dbus-daemon is not installed here")


class NotificationService:
    """org.freedesktop.Notifications on a bus, in a thread: it answers Notify and keeps the
    arguments of each call."""

    def __init__(self, address: str) -> None:
        from jeepney.bus_messages import message_bus
        from jeepney.io.blocking import open_dbus_connection

        self.calls: list[tuple[Any, ...]] = []
        self.connection = open_dbus_connection(bus=address)
        reply = self.connection.send_and_get_reply(
            message_bus.RequestName("org.freedesktop.Notifications"), timeout=5
        )
        assert reply.body == (1,)  # the primary owner
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        from jeepney import HeaderFields, MessageType, new_method_return

        while not self.stop.is_set():
            try:
                message = self.connection.receive(timeout=0.1)
            except TimeoutError:
                continue
            header = message.header
            if (
                header.message_type == MessageType.method_call
                and header.fields.get(HeaderFields.member) == "Notify"
            ):
                self.calls.append(message.body)
                self.connection.send(new_method_return(message, "u", (len(self.calls),)))

    def close(self) -> None:
        self.stop.set()
        self.thread.join(timeout=5)
        self.connection.close()


@pytest.fixture
def bus(tmp_path: Path) -> Iterator[str]:
    """A private session bus, gone after the test."""
    assert DAEMON is not None
    socket = tmp_path / "bus"
    daemon = subprocess.Popen(
        [DAEMON, "--session", "--nofork", "--print-address=1", f"--address=unix:path={socket}"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert daemon.stdout is not None
        address = daemon.stdout.readline().strip()
        assert address.startswith("unix:")
        yield address
    finally:
        daemon.terminate()
        daemon.wait(timeout=10)


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    db = tmp_path / "j.db"
    runner = CliRunner()
    for args in (
        ["add", "Ann <b>Lee</b> & co", "--every", "weekly"],
        ["log", "ann", "hi", "--on", "2026-11-01"],
    ):
        assert runner.invoke(main, ["--db", str(db), *args]).exit_code == 0
    return db


@needs_dbus
def test_remind_sends_one_notification_with_user_text_escaped(bus: str, hostile: Path) -> None:
    service = NotificationService(bus)
    try:
        env = {"DBUS_SESSION_BUS_ADDRESS": bus}
        sent = CliRunner().invoke(main, ["--db", str(hostile), "remind"], env=env)
        assert sent.exit_code == 0, sent.stderr
        assert sent.stdout == "Reminder sent: 1 person needs you\n"
        again = CliRunner().invoke(main, ["--db", str(hostile), "remind"], env=env)
        assert again.stdout == ""  # once a day
    finally:
        service.close()
    ((app, replaces, icon, summary, body, actions, hints, timeout),) = service.calls
    assert (app, replaces, icon, actions, hints, timeout) == ("rjournal", 0, "", [], {}, -1)
    assert summary == "rjournal: 1 person needs you"
    assert body == (
        "Ann &lt;b&gt;Lee&lt;/b&gt; &amp; co: 21 days since you were last in touch; your "
        "rhythm with Ann &lt;b&gt;Lee&lt;/b&gt; &amp; co is weekly"
    )


@needs_dbus
def test_a_bus_without_a_notification_service_prints_instead(bus: str, hostile: Path) -> None:
    assert notify("summary", "body", {"DBUS_SESSION_BUS_ADDRESS": bus}) is False
    printed = CliRunner().invoke(
        main, ["--db", str(hostile), "remind"], env={"DBUS_SESSION_BUS_ADDRESS": bus}
    )
    assert printed.exit_code == 0
    assert printed.stdout.startswith("Sun 22 Nov · 1 person needs you")


def test_a_machine_without_a_bus(tmp_path: Path) -> None:
    env = {"XDG_RUNTIME_DIR": str(tmp_path / "none")}
    assert session_bus(env) is None
    assert notify("summary", "body", env) is False
    assert (
        notify("summary", "body", {"DBUS_SESSION_BUS_ADDRESS": "unix:path=/nonexistent"}) is False
    )
    assert notify("summary", "body", {"DBUS_SESSION_BUS_ADDRESS": "tcp:host=x,port=1"}) is False


def test_the_runtime_directory_socket_is_the_bus_cron_jobs_find(tmp_path: Path) -> None:
    import socket as sockets

    runtime = tmp_path / "run"
    runtime.mkdir()
    listener = sockets.socket(sockets.AF_UNIX)
    listener.bind(str(runtime / "bus"))
    try:
        assert session_bus({"XDG_RUNTIME_DIR": str(runtime)}) == f"unix:path={runtime / 'bus'}"
    finally:
        listener.close()


def test_markup_is_escaped_and_controls_neutralised() -> None:
    assert escape_markup("a <i>b</i> & \x1b[31mc") == "a &lt;i&gt;b&lt;/i&gt; &amp; \\x1b[31mc"
