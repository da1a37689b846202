"""Contacts and calendars in other tools' formats: vCard, other tools' CSV layouts, iCalendar.

Pure: every module here turns text into `card.Card` records (and back, or into calendar
text) and imports nothing of rjournal but the domain. Matching cards with people, storing
them and the commands that read and write files sit on top of it. Nothing is imported here,
so loading one format never loads the others' libraries.
"""
