"""Modal forms (the frame, quick log, person, kid, pet, occasion, promise, snooze, import),
confirm, and the conflict a form asks about when a field changed elsewhere too."""
