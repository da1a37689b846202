"""What a sync did (or, dry, would do): counts per side and kind, each change in one line,
the values kept beside a conflict, and the files it left alone. Kept in the journal as JSON
for `rj sync --status` and the app."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

# What the report calls each kind, one and many.
_NOUNS = {
    "person": ("person", "people"),
    "promise": ("promise", "promises"),
    "occasion": ("occasion", "occasions"),
    "entry": ("entry", "entries"),
}
_FILES = {"person": ("card", "cards"), "promise": ("item", "items")}
_VERBS = {"create": "added", "update": "updated", "delete": "removed", "trash": "to the trash"}
SIDES = ("journal", "folders")


@dataclass
class Report:
    when: str  # ISO time the sync ran
    dry_run: bool = False
    # (side, kind, action) -> count; side "journal" or "folders".
    counts: Counter[tuple[str, str, str]] = field(default_factory=Counter)
    changes: list[str] = field(default_factory=list)  # "journal: added note ..."
    conflicts: list[str] = field(default_factory=list)  # "Anna Berg: from sync: ..."
    held: list[str] = field(default_factory=list)  # "calendar/x.ics: why (what)"
    skipped: list[str] = field(default_factory=list)  # changed while syncing: next time

    def count(self, side: str, kind: str, action: str, what: Callable[[], str] | None) -> None:
        """One change; `what` names the item, asked only when the changes are listed."""
        self.counts[(side, kind, action)] += 1
        if what is not None:
            self.changes.append(f"{side}: {_VERBS.get(action, action)} {_NOUNS[kind][0]} {what()}")

    @property
    def nothing_done(self) -> bool:
        return not (self.counts or self.conflicts or self.held or self.skipped)

    def summary(self, side: str) -> str:
        """`2 people added, 1 entry updated` for one side, "" when nothing changed there."""
        parts: list[str] = []
        for (where, kind, action), n in sorted(self.counts.items(), key=_order):
            if where != side:
                continue
            one, many = _NOUNS[kind]
            parts.append(f"{n} {one if n == 1 else many} {_VERBS.get(action, action)}")
        return ", ".join(parts)

    def lines(self, *, held: bool = True) -> list[str]:
        """The report as the command line prints it (without the per-change list); `held`
        False leaves out the files it left alone (the app lists those still left alone)."""
        out: list[str] = []
        verb = "would change" if self.dry_run else "changed"
        for side, label in (("journal", "the journal"), ("folders", "the folders")):
            said = self.summary(side)
            if said:
                out.append(f"In {label} ({verb}): {said}")
        out += [f"Kept both: {c}" for c in self.conflicts]
        if held:
            out += [f"Left alone: {h}" for h in self.held]
        out += [f"Changed while syncing, next time: {s}" for s in self.skipped]
        if not out and not (self.held and not held):
            out.append("Nothing to do: the journal and the folders agree.")
        return out

    def to_json(self) -> str:
        return json.dumps(
            {
                "when": self.when,
                "dry_run": self.dry_run,
                "counts": [[*key, n] for key, n in sorted(self.counts.items())],
                "conflicts": self.conflicts,
                "held": self.held,
                "skipped": self.skipped,
            },
            ensure_ascii=False,
        )

    @classmethod
    def from_json(cls, text: str) -> Report:
        data: dict[str, Any] = json.loads(text)
        report = cls(str(data["when"]), bool(data.get("dry_run", False)))
        for side, kind, action, n in data.get("counts", []):
            report.counts[(str(side), str(kind), str(action))] = int(n)
        report.conflicts = [str(c) for c in data.get("conflicts", [])]
        report.held = [str(h) for h in data.get("held", [])]
        report.skipped = [str(s) for s in data.get("skipped", [])]
        return report


def _order(item: tuple[tuple[str, str, str], int]) -> tuple[int, int]:
    (_, kind, action), _n = item
    return list(_NOUNS).index(kind), list(_VERBS).index(action) if action in _VERBS else 9
