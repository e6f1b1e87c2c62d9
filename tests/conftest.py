"""Fixtures shared by several test modules: a real PostgreSQL server (tests/postgres.py) and
translation-memory locations of both backends."""

from postgres import memory_location, memory_locations, postgres_dsn, postgres_server

__all__ = ["memory_location", "memory_locations", "postgres_dsn", "postgres_server"]
