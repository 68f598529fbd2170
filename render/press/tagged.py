"""The finish of a tagged (PDF/UA-1) file for the screen: what WeasyPrint's tagging leaves to do.

- tables: a row per row of data, header cells scoped, data cells headed (see tagtables);
- what is drawn but not reachable from the structure tree (running heads and folios in the
  page's margin boxes) becomes an /Artifact of type Pagination, so nothing real is untagged;
- link annotations print as they show (the Print flag) and carry an alternate description;
- the hyphen drawn where a word breaks at a line end (U+2010, see screen.css) reads as a soft
  hyphen (ISO 32000-1 §14.8.2.2.3), so the text layer keeps whole words;
- colour spaces declared but never used are dropped;
- the file is identified like a press file (see metadata), dates with their zone.
"""

from __future__ import annotations

import hashlib
import io
import re

from .finish import drop_unused_colour_spaces
from .metadata import Identity, identify
from .tagtables import finish_tables, kids


def finish(data: bytes, *, title: str, document_key: str, identity: Identity) -> bytes:
    """The screen PDF/UA-1 file from WeasyPrint's tagged PDF."""
    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as pdf:
        root = pdf.Root.get("/StructTreeRoot")
        if root is not None:
            reachable = _reachable(root)
            finish_tables(pdf, root)
            for page in pdf.pages:
                _untagged_to_artifacts(pdf, page, root, reachable)
        for page in pdf.pages:
            for annot in page.obj.get("/Annots") or []:
                _link(annot)
        _soft_hyphens(pdf)
        drop_unused_colour_spaces(pdf)
        content = hashlib.sha256(data).hexdigest()
        identify(pdf, title=title, document_key=document_key, content_hash=content, identity=identity)
        buffer = io.BytesIO()
        pdf.save(buffer, deterministic_id=True, compress_streams=True)
    return buffer.getvalue()


def _reachable(root) -> set:
    """The structure elements reachable from the root (objgens)."""
    import pikepdf

    found, stack = set(), kids(root)
    while stack:
        element = stack.pop()
        if not isinstance(element, pikepdf.Dictionary) or element.objgen in found:
            continue
        found.add(element.objgen)
        stack += kids(element)
    return found


def _untagged_to_artifacts(pdf, page, root, reachable: set) -> None:
    """Marked content whose structure element the tree does not reach becomes an artifact."""
    import pikepdf

    parents = _page_parents(root, page)
    if parents is None:
        return
    orphans = {
        mcid
        for mcid, element in enumerate(parents)
        if isinstance(element, pikepdf.Dictionary) and element.objgen not in reachable
    }
    if not orphans:
        return
    instructions = []
    for item in pikepdf.parse_content_stream(page):
        operands, operator = item.operands, item.operator
        if str(operator) == "BDC" and len(operands) == 2 and isinstance(operands[1], pikepdf.Dictionary):
            mcid = operands[1].get("/MCID")
            if mcid is not None and int(mcid) in orphans:
                artifact = [pikepdf.Name.Artifact, pikepdf.Dictionary(Type=pikepdf.Name.Pagination)]
                item = pikepdf.ContentStreamInstruction(artifact, operator)
        instructions.append(item)
    page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(instructions))
    for mcid in orphans:
        parents[mcid] = pikepdf.Object.parse(b"null")


def _page_parents(root, page):
    """The page's entry of the parent tree: its structure element for each marked-content id."""
    key = page.obj.get("/StructParents")
    tree = root.get("/ParentTree")
    if key is None or tree is None:
        return None
    nums = tree.get("/Nums") or []
    for i in range(0, len(nums) - 1, 2):
        if int(nums[i]) == int(key):
            return nums[i + 1]
    return None


def _link(annot) -> None:
    """A link that prints as it shows, and says where it goes."""
    import pikepdf

    if annot.get("/Subtype") != pikepdf.Name.Link:
        return
    annot.F = 4  # Print
    if "/Contents" not in annot:
        action = annot.get("/A") or {}
        target = str(action.get("/URI", "")) if action.get("/S") == pikepdf.Name.URI else ""
        annot.Contents = pikepdf.String(target.removeprefix("mailto:") if target else "Link within the document")


BREAK_HYPHEN = re.compile(rb"(<[0-9a-fA-F]+>\s*)<2010>")


def _soft_hyphens(pdf) -> None:
    """Each font's line-end hyphen glyph (mapped to U+2010) maps to U+00AD instead."""
    import pikepdf

    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == pikepdf.Name.Font and "/ToUnicode" in obj:
            cmap = obj.ToUnicode.read_bytes()
            soft = BREAK_HYPHEN.sub(rb"\1<00ad>", cmap)
            if soft != cmap:
                obj.ToUnicode.write(soft)
