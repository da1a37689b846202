"""Modal forms: quick log, person, kid, pet, occasion, promise, confirm."""
