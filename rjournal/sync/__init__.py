"""Two-way sync with the folders (vdirs) that vdirsyncer carries to a CardDAV/CalDAV server.

The parts that stand without the journal: `vdir` (the folder format, read and written as
vdirsyncer's filesystem storage does), `items` (promises, occasions and entries as iCalendar
items, and reading what a phone app writes) and `merge` (the three-way merge of field maps).
These open no journal; `engine` wires them to it through the store (store.sync_state,
store.sync_journal) and runs a sync in one transaction.
"""
