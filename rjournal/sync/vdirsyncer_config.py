"""The vdirsyncer configuration `rj sync --print-vdirsyncer-config URL` prints: rjournal's two
vdirs paired with an address book and a calendar on the server at URL.

vdirsyncer finds the collections from the server's address (`collections` with a local and a
remote name: the local one is the vdir's folder name under its parent folder), and makes the
remote ones when they are not there (`implicit = "create"`). When an item changed both on the
server and in the folder between two runs of vdirsyncer, the server's copy wins
(`conflict_resolution = "b wins"`) and `rj sync` merges it with the journal: an edit made in
the journal since is in the journal still, and goes out again (see sync.merge.unstale).
"""

from __future__ import annotations

import json
from pathlib import Path

REMOTE_CONTACTS = "rjournal-people"
REMOTE_CALENDAR = "rjournal"
STATUS_PATH = "~/.local/share/vdirsyncer/status/"


def _toml(text: str) -> str:
    """A string as vdirsyncer's INI-with-JSON values reads it."""
    return json.dumps(text, ensure_ascii=False)


def vdirsyncer_config(
    contacts_dir: Path,
    calendar_dir: Path,
    url: str,
    *,
    username: str = "",
    status_path: str = STATUS_PATH,
) -> str:
    """The configuration text (see the module)."""
    user = username or "YOUR-USER-NAME"
    parts = [
        "# vdirsyncer's configuration for rjournal: `rj sync --print-vdirsyncer-config` wrote it.",
        "# Save it as ~/.config/vdirsyncer/config (or add it to yours), then run once",
        "#   vdirsyncer discover",
        "# and from then on (by hand, or from cron or a systemd timer)",
        "#   vdirsyncer sync && rj sync && vdirsyncer sync",
        "",
        "[general]",
        f"status_path = {_toml(status_path)}",
    ]
    pairs = (
        ("contacts", contacts_dir, "carddav", ".vcf", REMOTE_CONTACTS),
        ("calendar", calendar_dir, "caldav", ".ics", REMOTE_CALENDAR),
    )
    for name, folder, kind, ext, remote in pairs:
        parts += [
            "",
            f"[pair rjournal_{name}]",
            f'a = "rjournal_{name}_local"',
            f'b = "rjournal_{name}_server"',
            f"# The folder {folder.name!r} here, the collection {remote!r} on the server (made",
            "# when missing; to use one you have, put its name instead: `vdirsyncer discover`",
            "# lists them).",
            f'collections = [["rjournal_{name}", {_toml(folder.name)}, {_toml(remote)}]]',
            'implicit = "create"',
            'conflict_resolution = "b wins"',
            "",
            f"[storage rjournal_{name}_local]",
            'type = "filesystem"',
            f"path = {_toml(str(folder.parent) + '/')}",
            f'fileext = "{ext}"',
            "",
            f"[storage rjournal_{name}_server]",
            f'type = "{kind}"',
            f"url = {_toml(url)}",
            f"username = {_toml(user)}",
            "# Better than a password written here: one from your password manager, e.g.",
            '#   password.fetch = ["command", "pass", "show", "dav"]',
            'password = "YOUR-PASSWORD"',
        ]
    return "\n".join(parts) + "\n"
