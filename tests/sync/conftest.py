"""A real CardDAV/CalDAV server (Radicale) on 127.0.0.1 and the real vdirsyncer beside it.

`dav_server` starts Radicale once per test session from this venv, with its config and
storage in a temporary folder and no authentication, and stops it at the end. Each test that
asks for `dav_collections` gets its own address book and calendar on it, made over HTTP as a
client would (MKCOL, MKCALENDAR). `pair_with_server` writes a vdirsyncer configuration that
pairs two local vdirs with them and runs `vdirsyncer discover`; `.sync()` then runs
`vdirsyncer sync`, each in a subprocess. Tests are skipped only where Radicale cannot start.
"""

from __future__ import annotations

import http.client
import os
import shutil
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest

USER = "rjournal"
STARTUP_SECONDS = 15.0

ADDRESSBOOK_BODY = """<?xml version="1.0" encoding="utf-8"?>
<mkcol xmlns="DAV:" xmlns:CR="urn:ietf:params:xml:ns:carddav">
  <set><prop>
    <resourcetype><collection/><CR:addressbook/></resourcetype>
    <displayname>rjournal people</displayname>
  </prop></set>
</mkcol>"""

CALENDAR_BODY = """<?xml version="1.0" encoding="utf-8"?>
<C:mkcalendar xmlns="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
  <set><prop>
    <displayname>rjournal</displayname>
    <C:supported-calendar-component-set>
      <C:comp name="VTODO"/><C:comp name="VEVENT"/><C:comp name="VJOURNAL"/>
    </C:supported-calendar-component-set>
  </prop></set>
</C:mkcalendar>"""


@dataclass(frozen=True)
class Response:
    status: int
    body: bytes
    headers: dict[str, str]


@dataclass(frozen=True)
class DavServer:
    """Radicale on 127.0.0.1: its base URL and plain HTTP requests to it."""

    url: str  # http://127.0.0.1:PORT/

    def request(
        self,
        method: str,
        path: str,
        body: str | bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> Response:
        """One request as a phone or a web client sends it (Basic auth, any password)."""
        parts = urlsplit(self.url)
        connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=10)
        try:
            data = body.encode("utf-8") if isinstance(body, str) else body
            connection.request(
                method,
                path,
                body=data,
                headers={"Authorization": _basic_auth(), **(headers or {})},
            )
            reply = connection.getresponse()
            return Response(
                reply.status, reply.read(), {k.lower(): v for k, v in reply.headers.items()}
            )
        finally:
            connection.close()


def _basic_auth() -> str:
    import base64

    return "Basic " + base64.b64encode(f"{USER}:any".encode()).decode("ascii")


@dataclass(frozen=True)
class DavCollections:
    """One address book and one calendar on the server, for one test."""

    server: DavServer
    contacts_path: str  # /rjournal/<name>-contacts/
    calendar_path: str

    @property
    def contacts_url(self) -> str:
        return self.server.url.rstrip("/") + self.contacts_path

    @property
    def calendar_url(self) -> str:
        return self.server.url.rstrip("/") + self.calendar_path

    def put(self, path: str, text: str, content_type: str) -> Response:
        """A new item as a phone writes it: a plain HTTP PUT (If-None-Match: *)."""
        reply = self.server.request(
            "PUT", path, text, {"Content-Type": content_type, "If-None-Match": "*"}
        )
        assert reply.status == 201, (reply.status, reply.body)
        return reply

    def get(self, path: str) -> Response:
        return self.server.request("GET", path)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _answers(url: str) -> bool:
    parts = urlsplit(url)
    try:
        connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=1)
        connection.request("OPTIONS", "/")
        connection.getresponse().read()
        connection.close()
        return True
    except OSError:
        return False


@pytest.fixture(scope="session")
def dav_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DavServer]:
    folder = tmp_path_factory.mktemp("radicale")
    port = _free_port()
    config = folder / "config"
    config.write_text(
        f"""[server]
hosts = 127.0.0.1:{port}
[auth]
type = none
[rights]
type = owner_only
[storage]
filesystem_folder = {folder / "collections"}
[web]
type = none
[logging]
level = warning
"""
    )
    log_path = folder / "radicale.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "radicale", "--config", str(config)],
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while not _answers(url):
            if process.poll() is not None or time.monotonic() > deadline:
                tail = log_path.read_text(errors="replace")[-600:]
                pytest.skip(f"Radicale could not start on 127.0.0.1:{port}: {tail.strip()}")
            time.sleep(0.05)
        yield DavServer(url)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture
def dav_collections(dav_server: DavServer) -> DavCollections:
    """A fresh address book and calendar, made as a client makes them."""
    name = uuid.uuid4().hex[:12]
    contacts = f"/{USER}/{name}-contacts/"
    calendar = f"/{USER}/{name}-calendar/"
    made = dav_server.request(
        "MKCOL", contacts, ADDRESSBOOK_BODY, {"Content-Type": "application/xml"}
    )
    assert made.status == 201, (made.status, made.body)
    made = dav_server.request(
        "MKCALENDAR", calendar, CALENDAR_BODY, {"Content-Type": "application/xml"}
    )
    assert made.status == 201, (made.status, made.body)
    return DavCollections(dav_server, contacts, calendar)


@dataclass(frozen=True)
class Vdirsyncer:
    """vdirsyncer with a configuration pairing two local vdirs with the server's collections."""

    config: Path
    contacts: Path  # the local vdir of .vcf files
    calendar: Path  # the local vdir of .ics files

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        executable = shutil.which("vdirsyncer", path=str(Path(sys.executable).parent))
        assert executable is not None, "vdirsyncer is installed with the test extras"
        result = subprocess.run(
            [executable, "--config", str(self.config), *args],
            capture_output=True,
            text=True,
            stdin=subprocess.DEVNULL,  # never wait on a prompt
            timeout=60,
            check=False,
            env={**os.environ, "HOME": str(self.config.parent)},
        )
        assert result.returncode == 0, (args, result.stdout, result.stderr)
        return result

    def sync(self) -> str:
        """One `vdirsyncer sync`; what it logged (it names every item it copies or deletes)."""
        result = self.run("sync")
        return result.stdout + result.stderr


def pair_with_server(folder: Path, collections: DavCollections) -> Vdirsyncer:
    """Local vdirs under folder paired with the collections, discovered and ready to sync.

    `collections = null` pairs the two URLs as they are, so discover has nothing to ask.
    """
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    contacts, calendar, status = folder / "contacts", folder / "calendar", folder / "status"
    for path in (contacts, calendar, status):
        path.mkdir(mode=0o700, exist_ok=True)
    config = folder / "vdirsyncer.conf"
    config.write_text(
        f"""[general]
status_path = "{status}/"

[pair rjournal_contacts]
a = "rjournal_contacts_local"
b = "rjournal_contacts_remote"
collections = null

[storage rjournal_contacts_local]
type = "filesystem"
path = "{contacts}/"
fileext = ".vcf"

[storage rjournal_contacts_remote]
type = "carddav"
url = "{collections.contacts_url}"
username = "{USER}"
password = "any"

[pair rjournal_calendar]
a = "rjournal_calendar_local"
b = "rjournal_calendar_remote"
collections = null

[storage rjournal_calendar_local]
type = "filesystem"
path = "{calendar}/"
fileext = ".ics"

[storage rjournal_calendar_remote]
type = "caldav"
url = "{collections.calendar_url}"
username = "{USER}"
password = "any"
"""
    )
    config.chmod(0o600)
    syncer = Vdirsyncer(config, contacts, calendar)
    syncer.run("discover")
    return syncer
