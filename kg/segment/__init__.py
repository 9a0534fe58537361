"""Segmentation of the glued author and keyword strings of Chinese TOC pages.

``split_authors("周卫平昝星有刘晓杨树东...")`` gives
``["周卫平", "昝星有", "刘晓", "杨树东"]``;
``split_keywords("癌,肝细胞影像组学")`` gives ``["癌,肝细胞", "影像组学"]``.
"""

from __future__ import annotations

from kg.segment.authors import split_authors
from kg.segment.keywords import split_keywords

__all__ = ["split_authors", "split_keywords"]
