"""Tables in a tagged file: one structure row per visual row of data, every header cell scoped,
every data cell pointing at its headers (ISO 14289-1 §7.5, Matterhorn checkpoint 15).

WeasyPrint tags a row group's heading (a card's component name on its own full-width row,
`<th scope="rowgroup" colspan>`) as a row of one header cell, so a page of a card reads as a
stack of header-only rows, and it files that heading as a header of the first column only.
Here the heading joins the row of cells it heads, as that row's header (Scope Row), an empty
corner cell keeps the head row as wide, and each data cell's /Headers is worked out again
from the grid: its column's head cells and its row's header.
"""

from __future__ import annotations


def finish_tables(pdf, root) -> None:
    """Every /Table under the structure root, made regular and fully headed."""
    for table in _elements(root, "/Table"):
        if _merge_group_heads(table):
            _add_corners(pdf, table)
        _headers(table)


def kids(element) -> list:
    """The structure children of an element that are dictionaries (elements, MCRs, OBJRs)."""
    import pikepdf

    kids = element.get("/K")
    if kids is None:
        return []
    return [k for k in (kids if isinstance(kids, pikepdf.Array) else [kids]) if isinstance(k, pikepdf.Dictionary)]


def _elements(root, kind: str) -> list:
    found, stack, seen = [], list(kids(root)), set()
    while stack:
        element = stack.pop()
        if element.objgen in seen:
            continue
        seen.add(element.objgen)
        if element.get("/S") == kind:
            found.append(element)
        stack += kids(element)
    return sorted(found, key=lambda e: e.objgen)


def _cells(row) -> list:
    return [k for k in kids(row) if str(k.get("/S")) in ("/TH", "/TD")]


def _colspan(cell) -> int:
    attributes = cell.get("/A")
    return int(attributes.get("/ColSpan", 1)) if attributes is not None and hasattr(attributes, "get") else 1


def _has_content(element) -> bool:
    import pikepdf

    kids = element.get("/K")
    return kids is not None and (not isinstance(kids, pikepdf.Array) or len(kids) > 0)


def _rows(table) -> list[tuple[object, bool]]:
    """(row, in the table's head) for each row, in order."""
    rows = []
    for kid in kids(table):
        kind = str(kid.get("/S"))
        if kind == "/TR":
            rows.append((kid, False))
        elif kind in ("/THead", "/TBody", "/TFoot"):
            rows += [(row, kind == "/THead") for row in kids(kid) if row.get("/S") == "/TR"]
    return rows


def _merge_group_heads(table) -> bool:
    """Each row holding only a spanning header cell joins the row of data cells after it."""
    import pikepdf

    merged = False
    for group in kids(table):
        if group.get("/S") != "/TBody":
            continue
        rows = [k for k in kids(group) if k.get("/S") == "/TR"]
        keep = []
        i = 0
        while i < len(rows):
            row, cells = rows[i], _cells(rows[i])
            after = _cells(rows[i + 1]) if i + 1 < len(rows) else []
            heading = len(cells) == 1 and cells[0].get("/S") == "/TH" and _colspan(cells[0]) > 1
            if heading and after and all(c.get("/S") == "/TD" for c in after):
                th = cells[0]
                del th.A["/ColSpan"]
                th.P = rows[i + 1]
                rows[i + 1].K = pikepdf.Array([th, *list(rows[i + 1].K)])
                merged = True
                i += 1
                continue
            keep.append(row)
            i += 1
        if len(keep) != len(rows):
            group.K = pikepdf.Array(keep)
    return merged


def _add_corners(pdf, table) -> None:
    """An empty header cell at the start of each head row, over the rows' headers."""
    import pikepdf

    for row, in_head in _rows(table):
        if in_head:
            corner = pdf.make_indirect(
                pikepdf.Dictionary(
                    Type=pikepdf.Name.StructElem,
                    S=pikepdf.Name.TH,
                    P=row,
                    K=pikepdf.Array(),
                    A=pikepdf.Dictionary(O=pikepdf.Name.Table, Scope=pikepdf.Name.Column),
                )
            )
            row.K = pikepdf.Array([corner, *kids(row)])


def _headers(table) -> None:
    """Scope Column for head cells, Row for the others; each data cell's /Headers from the grid."""
    import pikepdf

    columns: dict[int, list] = {}
    for number, (row, in_head) in enumerate(_rows(table)):
        j, row_headers = 0, []
        for cell in _cells(row):
            span = _colspan(cell)
            if cell.get("/S") == "/TH":
                attributes = cell.get("/A")
                if not isinstance(attributes, pikepdf.Dictionary):
                    attributes = cell.A = pikepdf.Dictionary(O=pikepdf.Name.Table)
                attributes.Scope = pikepdf.Name.Column if in_head else pikepdf.Name.Row
                if _has_content(cell):  # the corner heads nothing
                    if "/ID" not in cell:
                        cell.ID = pikepdf.String(f"th-{table.objgen[0]}-{number}-{j}")
                    for k in range(j, j + span):
                        (columns.setdefault(k, []) if in_head else row_headers).append(cell.ID)
            j += span
        j = 0
        for cell in _cells(row):
            span = _colspan(cell)
            if cell.get("/S") == "/TD" and not in_head:
                heads = [*dict.fromkeys(row_headers)] + [h for k in range(j, j + span) for h in columns.get(k, [])]
                attributes = cell.get("/A")
                if not isinstance(attributes, pikepdf.Dictionary):
                    attributes = cell.A = pikepdf.Dictionary(O=pikepdf.Name.Table)
                attributes.Headers = pikepdf.Array(list(dict.fromkeys(heads)))
            j += span
