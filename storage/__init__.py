"""Storage: SQLModel tables, the engine and session, queries and aggregations, migrations."""
