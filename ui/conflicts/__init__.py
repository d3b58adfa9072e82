"""conflicts feature."""
