"""The Qt user interface: a thin layer over the Qt-free core."""

from viewer.ui import qtfix  # noqa: F401 - must run before any signal is emitted
