"""Screens: home, person, search, review, help."""
