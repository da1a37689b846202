"""Touches from the files people already keep: mail (Maildir, mbox) and calendars (.ics, vdirs).

Reading only: each module turns files into plain records, and `touches` turns those into the
interactions to log. Nothing here opens a journal; the command line does that.
"""
