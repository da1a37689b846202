"""The pure domain: plain dataclasses and functions, no SQLite, no Textual, no clock."""
