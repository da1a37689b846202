"""The Textual app. Only the command that opens it imports this package."""
