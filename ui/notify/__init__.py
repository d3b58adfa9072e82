"""Telling the office what a sync brought: the banner in the window and the tray message."""
