"""approval feature."""
