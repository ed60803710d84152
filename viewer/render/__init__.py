"""Markdown notes to safe HTML fragments for the note pane (Qt-free)."""

from viewer.render.renderer import RenderedNote, render_markdown_fragment, render_note

__all__ = ["RenderedNote", "render_markdown_fragment", "render_note"]
