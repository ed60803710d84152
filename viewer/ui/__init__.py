"""The Qt user interface: a thin layer over the Qt-free core."""

from viewer.ui import qtfix

# WORKAROUND: PySide6 6.12 on Python 3.11 aborts the interpreter after some thousands of
# Qt calls unless this runs first; see qtfix. A no-op on Python >= 3.12.
qtfix.install()
