"""The store: one SQLite file, its schema and migrations, and every read and write of it."""
