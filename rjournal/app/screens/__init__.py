"""Screens: welcome, home, person, search, review, help."""
