"""Sign-in, sign-out, the language switch and role checks."""
