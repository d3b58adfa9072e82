"""intake feature."""
