"""The Qt-free core: note parsing, the link index, the cache. Nothing here imports Qt."""
