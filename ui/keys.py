"""Keys that work where their screen is open (each screen binds its own); the shortcuts help
lists them beside the main window's (ui/shell/shortcuts.py)."""

EDITOR_SUBMIT = "Ctrl+Return"
APPROVAL_APPROVE = "Ctrl+Return"
INTAKE_SAVE = "Ctrl+S"
INTAKE_REPRINT = "Ctrl+P"
