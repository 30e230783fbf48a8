"""Database layer: SQLAlchemy models, engine and sessions, Alembic migrations, seed, reference data."""
