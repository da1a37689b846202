"""Modal forms (the frame, quick log, person, kid, pet, occasion, promise, snooze) and confirm."""
