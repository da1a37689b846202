"""Whether the journal file sits inside a folder a file-sync service copies to other devices.

It must not: SQLite's own "How To Corrupt An SQLite Database File" ("backup or restore while
a transaction is active") and Syncthing's maintainers both say a database copied while it is
written is a damaged copy, and two devices writing their copies produce
conflict files instead of one journal. The journal reaches other devices through `rj sync`
and a CardDAV/CalDAV server instead.

How each service marks its folder (checked on the journal's folder and every one above it,
a few stats in all): Syncthing, a `.stfolder` in the folder it syncs; Dropbox, a folder
named `Dropbox` or `Dropbox (Team)`, or a `.dropbox` file at its top; OneDrive, a folder
named `OneDrive`, `OneDrive - Company` or macOS's `OneDrive-Personal`; iCloud Drive, macOS's
`Mobile Documents` (where `com~apple~CloudDocs` lives) or Windows' `iCloudDrive`; the
Nextcloud and ownCloud desktop clients, a `.owncloudsync.log` at the top of their folder.
"""

from __future__ import annotations

import os
from pathlib import Path


def synced_folder(journal: Path) -> tuple[str, Path] | None:
    """(the service, its folder) when the journal file is inside one; None otherwise."""
    try:
        folder = journal.expanduser().absolute().parent
    except OSError:
        return None
    for place in (folder, *folder.parents):
        service = _service_of(place)
        if service is not None:
            return service, place
    return None


def _service_of(place: Path) -> str | None:
    name = place.name
    if name == "Dropbox" or name.startswith("Dropbox ("):
        return "Dropbox"
    if name == "OneDrive" or name.startswith(("OneDrive - ", "OneDrive-")):
        return "OneDrive"
    if name in ("Mobile Documents", "iCloudDrive", "iCloud Drive"):
        return "iCloud Drive"
    if os.path.lexists(place / ".stfolder"):
        return "Syncthing"
    # A file: the Dropbox client keeps its own settings in a `.dropbox` folder in the home
    # folder, which is no synced folder.
    if os.path.isfile(place / ".dropbox"):
        return "Dropbox"
    if os.path.lexists(place / ".owncloudsync.log"):
        return "Nextcloud"
    return None


def warning(journal: Path) -> str | None:
    """The one line that says so, why, and what to do instead; None when all is well."""
    found = synced_folder(journal)
    if found is None:
        return None
    service, folder = found
    return (
        f"warning: the journal {journal} is inside a {service} folder ({folder}). A copy "
        "taken while rjournal writes it is a damaged journal, and two devices writing "
        "their copies make conflict files, not one journal. Keep it outside (--db, "
        "$RJOURNAL_DB) and reach your other devices with `rj sync` through a CardDAV/CalDAV "
        "server."
    )
