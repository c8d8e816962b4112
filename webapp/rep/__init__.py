"""The rep blueprint."""
