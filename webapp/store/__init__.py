"""The store blueprint."""
