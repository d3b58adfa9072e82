"""The Qt side of the sync engine: runs cycles on their own thread and reports through signals."""
