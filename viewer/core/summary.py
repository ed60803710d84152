"""Figures of a whole vault, as `lectern check` prints them."""

from __future__ import annotations

from typing import Any

from viewer.core.index import LinkIndex


def vault_summary(index: LinkIndex) -> dict[str, Any]:
    """Counts of notes, channels, videos, links, embeds, topics, timestamps and every problem."""
    resolved = unresolved = timestamps = 0
    for record in index.records():
        timestamps += len(record.ts)
        for target, count in zip(record.targets, record.counts):
            if index.resolve(target) is None:
                unresolved += count
            else:
                resolved += count
    topics = index.topics()
    return {
        "notes": len(index),
        "channels": len(index.channels()),
        "videos": len(index.videos()),
        "links": {"total": resolved + unresolved, "resolved": resolved,
                  "unresolved": unresolved, "targets": len(index.targets())},
        "embeds": index.embed_counts(),  # `![[x]]`, `![](x)`: neither links nor topics
        "topics": len(topics),
        "top_topics": [{"slug": t, "mentions": n} for t, n in topics[:10]],
        "timestamps": timestamps,
        "problems": [{"file": p, "line": line, "message": msg}
                     for p, line, msg in index.problems()],
    }
