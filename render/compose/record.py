"""A flow's measurement as the cache keeps it: one versioned record, written and read here only.

The fitter makes a Record of each flow it measures (and of a poster's page without its grids);
the build cache writes them to OUT/.cache/measures.json and reads them back. A record of
another version, or one that does not read as a record, is no record: it is measured again.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

VERSION = 1


@dataclass(frozen=True)
class Record:
    """A flow's height (mm, its pages stacked), its matrix rows' breaks and the statements set whole."""

    height: float
    parts: dict[str, int] = field(default_factory=dict)  # statement key -> the part of its row it opens
    new_page: tuple[tuple[str, str], ...] = ()  # (matrix, component) rows that start a page
    whole: tuple[str, ...] = ()  # statements set without breaking words

    def to_json(self) -> list:
        """The record as the cache file holds it."""
        return [VERSION, self.height, dict(self.parts), [list(x) for x in self.new_page], list(self.whole)]

    @classmethod
    def from_json(cls, value: object) -> Record | None:
        """A record read back, or None: of another version, or malformed."""
        if not (isinstance(value, list) and len(value) == 5 and value[0] == VERSION):
            return None
        _, height, parts, new_page, whole = value
        ok = (
            isinstance(height, int | float)
            and not isinstance(height, bool)
            and math.isfinite(height)
            and isinstance(parts, dict)
            and all(isinstance(k, str) and isinstance(v, int) and not isinstance(v, bool) for k, v in parts.items())
            and isinstance(new_page, list)
            and all(isinstance(x, list) and len(x) == 2 and all(isinstance(y, str) for y in x) for x in new_page)
            and isinstance(whole, list)
            and all(isinstance(k, str) for k in whole)
        )
        if not ok:
            return None
        return cls(float(height), dict(parts), tuple(tuple(x) for x in new_page), tuple(whole))
