"""report feature."""
