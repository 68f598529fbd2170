"""What the measurer reads of an element and its computed style: block or inline, in the flow
or not, its borders, padding and margins (px), as the engine resolves them."""

from __future__ import annotations

from .engine import percentage


def flows(style, element) -> bool:
    """Whether a block's children take its width in normal flow (not a table, columns,
    flex or grid, or a box out of the flow)."""
    if tag_of(element) == "table" or not in_flow(style):
        return False
    if style["column_count"] != "auto" or style["column_width"] != "auto":
        return False
    return not {"flex", "grid", "table"} & set(style["display"])


def in_flow(style) -> bool:
    """Whether a box takes its place in its parent's flow (not positioned out of it, not floated)."""
    return style["position"] not in ("absolute", "fixed") and style["float"] == "none"


def is_block(style) -> bool:
    """Whether an element is laid out as a block (its own lines), not in its parent's lines."""
    return style["display"][0] in ("block", "list-item") or "list-item" in style["display"]


def box_edges(style, *sides: str) -> float:
    """Borders and padding on these sides."""
    return sum(border_width(style, s) + padding(style, s) for s in sides)


def border_width(style, side: str) -> float:
    return float(style[f"border_{side}_width"])


def padding(style, side: str) -> float:
    return dimension(style[f"padding_{side}"])


def paddings(style, *sides: str) -> float:
    return sum(padding(style, s) for s in sides)


def margin(style, side: str) -> float:
    value = style[f"margin_{side}"]
    if value != "auto" and getattr(value, "unit", None) is None:  # calc(): em and lengths resolve
        return percentage(value, style, 0.0)
    return dimension(value)


def dimension(value) -> float:
    if value == "auto" or value is None:
        return 0.0
    return float(getattr(value, "value", value))


def before_text(style) -> str:
    """The text of a ::before's content (strings only)."""
    return "".join(v for kind, v in style["content"] if kind == "string") if style["content"] else ""


def tag_of(element) -> str:
    return element.tag.rsplit("}", 1)[-1] if isinstance(element.tag, str) else ""


def has_class(element, cls: str) -> bool:
    return cls in (element.get("class") or "").split()


def text_of(element) -> str:
    return "".join(element.itertext())
