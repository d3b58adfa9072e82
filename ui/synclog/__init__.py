"""synclog feature."""
