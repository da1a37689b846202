"""Pure presenters: records in, text and Content out. No App, no widgets, no SQL."""
