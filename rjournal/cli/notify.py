"""One desktop notification through the freedesktop notification service, over D-Bus.

The session bus is found where desktops put it: $DBUS_SESSION_BUS_ADDRESS, else the socket
systemd gives every logged-in user ($XDG_RUNTIME_DIR/bus, /run/user/UID/bus), so a cron job,
which has no session variables, still reaches it. The call is org.freedesktop.Notifications'
Notify, made with jeepney (pure Python D-Bus). Without a bus, or without a notification service
on it, ``notify`` says so by returning False and the caller prints instead.

The body may be read as markup by the notification server (the specification's "body-markup"),
so user text goes in escaped: a name like "Ann <b>Lee</b> & co" shows as typed.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from rjournal.domain.text import neutralise

APP_NAME = "rjournal"
# How long to wait for the bus and the notification service to answer.
TIMEOUT_SECONDS = 5.0


def session_bus(environ: Mapping[str, str] | None = None) -> str | None:
    """The session bus's address, or None when this machine has none we can reach."""
    env = os.environ if environ is None else environ
    if env.get("DBUS_SESSION_BUS_ADDRESS"):
        return env["DBUS_SESSION_BUS_ADDRESS"]
    runtime = env.get("XDG_RUNTIME_DIR") or f"/run/user/{os.getuid()}"
    socket = Path(runtime) / "bus"
    return f"unix:path={socket}" if socket.is_socket() else None


def escape_markup(text: str) -> str:
    """Text as the body's markup shows it: &, < and > escaped, no control characters."""
    safe = neutralise(text, keep_newlines=True)
    return safe.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def notify(summary: str, body: str, environ: Mapping[str, str] | None = None) -> bool:
    """Show one notification; False when there is no bus or no notification service on it."""
    address = session_bus(environ)
    if address is None:
        return False
    try:
        from jeepney import DBusAddress, MessageType, new_method_call
        from jeepney.io.blocking import open_dbus_connection
    except ImportError:  # pragma: no cover - jeepney is a dependency; a broken install prints
        return False
    service = DBusAddress(
        "/org/freedesktop/Notifications",
        bus_name="org.freedesktop.Notifications",
        interface="org.freedesktop.Notifications",
    )
    call = new_method_call(
        service,
        "Notify",
        "susssasa{sv}i",
        (APP_NAME, 0, "", neutralise(" ".join(summary.split())), escape_markup(body), [], {}, -1),
    )
    try:
        with open_dbus_connection(bus=address, auth_timeout=TIMEOUT_SECONDS) as connection:
            reply = connection.send_and_get_reply(call, timeout=TIMEOUT_SECONDS)
    except Exception:  # no bus there, a transport jeepney cannot use, refused, no answer
        return False  # the reminder is printed instead: it must never fail for this
    return bool(reply.header.message_type == MessageType.method_return)
