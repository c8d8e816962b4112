"""Deterministic demo and synthetic data (plain Python + SQLAlchemy, no Flask)."""

from .generator import SeedSpec, seed_database

__all__ = ["SeedSpec", "seed_database"]
