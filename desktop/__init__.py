"""The composition root: the only package that wires the layers together.

Importing it first stops PySide6 reading every later module's source (`desktop/pyside.py`).
"""

from desktop.pyside import skip_feature_scan

skip_feature_scan()
