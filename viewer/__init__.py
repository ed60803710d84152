"""Lectern: study notes side by side with the videos they summarise."""

__version__ = "0.1.0"
