"""Load & validate: read the data folder into the model, collecting every problem."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from ..errors import DataError, FolderError, Problem
from ..paths import inside
from . import model as m
from .products import WHOLE, Product, read_products
from .schema import (
    MAX_CELL_CHARS,
    MAX_CELL_STATEMENTS,
    MAX_STATEMENT_CHARS,
    MAX_TOTAL_CHARS,
    SHORT_NAME,
    Reader,
)
from .yamlsafe import Node
from .yamlsafe import load as load_yaml

SECTION_ORDER = ("introduction", "overview", "notes", "capabilities", "principles", "values", "key-terms")
MATRIX_ORDER = ("recovery-process", "best-practices")
LIST_STYLES = ("bullet", "decimal", "lower-alpha", "upper-roman")
MAX_FILE_BYTES = 2_000_000


def display_path(data_dir: Path, rel: str) -> str:
    """A data file as the user should see it: relative to the working folder when inside
    it (data/levels/level-1.yaml), else under the data folder as given (/some/where/...)."""
    path = (data_dir / rel).absolute()
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(data_dir / rel) if rel else str(data_dir)


class _Loader:
    def __init__(self, data_dir: Path):
        self.dir = data_dir
        self.problems: list[Problem] = []

    def read(self, rel: str) -> tuple[Node | None, Reader]:
        path = self.dir / rel
        reader = Reader(display_path(self.dir, rel), self.problems)
        if not path.is_file():
            reader.error(None, "", "file not found")
            return None, reader
        if not inside(path, self.dir):  # a link to a file elsewhere: not read, not shown
            reader.error(None, "", f"resolves outside the data folder {self.dir}; refused")
            return None, reader
        try:
            if path.stat().st_size > MAX_FILE_BYTES:
                reader.error(None, "", f"file is larger than {MAX_FILE_BYTES:,} bytes")
                return None, reader
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as err:
            reader.error(None, "", f"not UTF-8 text ({err.reason} at byte {err.start})")
            return None, reader
        except OSError as err:
            reader.error(None, "", f"cannot be read: {err.strerror}")
            return None, reader
        root, problems = load_yaml(text, reader.file)
        self.problems.extend(problems)
        return root, reader


def listed(data_dir: Path, file: str, key: str) -> tuple[Reader | None, list[tuple[str, Node]], list[Problem]]:
    """An optional list file of the data folder (`key:` and its entries): its reader, each entry
    with its key path (`key[i]`), and the problems list the reader adds to (no file: nothing)."""
    if not (Path(data_dir) / file).is_file():
        return None, [], []
    ld = _Loader(Path(data_dir))
    root, r = ld.read(file)
    d = r.mapping(root, "", {key: True}) or {}
    return r, [(f"{key}[{i}]", node) for i, node in enumerate(r.seq(d.get(key), key))], ld.problems


def _text(r: Reader, node: Node | None, path: str, context: str, optional: bool = False) -> m.Text | None:
    value = r.text(node, path, optional=optional)
    if value is None:
        return None
    return m.Text(context, value, r.where(node))


def load_framework(data_dir: Path) -> tuple[m.Framework, dict[str, Product]]:
    """Read and validate the whole data folder; raise DataError listing every problem."""
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        where = data_dir if data_dir.is_absolute() else f"{data_dir} in {Path.cwd()}"
        raise FolderError(f"no data folder: looked for {where}; point at one with --data DIR")
    ld = _Loader(data_dir)
    edition = _edition(ld)
    levels, components, perspectives, matrices = _framework(ld)
    cells = _levels(ld, levels, components, perspectives, matrices)
    audiences = ("leaflets", *(f"leaflet-{p.id}" for p in perspectives if p.id is not None))
    sections = tuple(s for s in (_section(ld, sid, audiences) for sid in SECTION_ORDER) if s is not None)
    root, r = ld.read("products.yaml")
    perspectives_named = {p.id: p.name.source for p in perspectives if p.name is not None}
    numbers = tuple(level.number for level in levels if level.number is not None)
    products = read_products(r, root, (WHOLE, *MATRIX_ORDER), numbers, perspectives_named)
    if ld.problems:
        raise DataError(ld.problems)
    fw = m.Framework(edition, levels, components, perspectives, matrices, cells, sections)
    _cross_check(ld, fw)
    total = sum(len(t.source) for t in m.texts(fw))
    if total > MAX_TOTAL_CHARS:
        limit = f"all texts together hold {total:,} characters: the limit is {MAX_TOTAL_CHARS:,}"
        ld.problems.append(Problem(display_path(data_dir, ""), 0, "", limit))
    if ld.problems:
        raise DataError(ld.problems)
    return fw, products


def _edition(ld: _Loader) -> m.Edition | None:
    root, r = ld.read("edition.yaml")
    d = r.mapping(
        root,
        "",
        {
            k: True
            for k in (
                "title",
                "publisher",
                "publisher_short",
                "edition",
                "revised",
                "credits",
                "production",
                "dissemination",
                "contact",
                "further_information",
                "photographs",
                "supporter",
            )
        }
        | {"running_title": False},
    )
    if d is None:
        return None

    def t(key: str) -> m.Text | None:
        return _text(r, d.get(key), key, f"edition/{key}")

    credits = []
    for i, node in enumerate(r.seq(d.get("credits"), "credits")):
        c = r.mapping(node, f"credits[{i}]", {"label": True, "text": True}) or {}
        label = _text(r, c.get("label"), f"credits[{i}].label", "edition/credits/label", optional=True)
        text = _text(r, c.get("text"), f"credits[{i}].text", "edition/credits")
        credits.append(m.Credit(label, text))
    contact = _address(r, d.get("contact"), "contact", "edition/contact", name_key=True)
    fi = r.mapping(d.get("further_information"), "further_information", {"text": True, "url": True}) or {}
    ph = r.mapping(d.get("photographs"), "photographs", {"title": True, "captions": True}) or {}
    captions = []
    for i, node in enumerate(r.seq(ph.get("captions"), "photographs.captions")):
        c = r.mapping(node, f"photographs.captions[{i}]", {"position": True, "name": True}) or {}
        pos = _text(r, c.get("position"), f"photographs.captions[{i}].position", "edition/photographs/position")
        captions.append(m.Caption(pos, r.text(c.get("name"), f"photographs.captions[{i}].name")))
    return m.Edition(
        title=t("title"),
        publisher=t("publisher"),
        publisher_short=r.name(d.get("publisher_short"), "publisher_short", SHORT_NAME),
        edition=t("edition"),
        revised=r.date(d.get("revised"), "revised"),
        credits=tuple(credits),
        production=t("production"),
        dissemination=t("dissemination"),
        contact=contact,
        further_information=_text(r, fi.get("text"), "further_information.text", "edition/further_information"),
        url=r.text(fi.get("url"), "further_information.url"),
        photographs_title=_text(r, ph.get("title"), "photographs.title", "edition/photographs/title"),
        photographs=tuple(captions),
        supporter=t("supporter"),
        running_title=_text(r, d.get("running_title"), "running_title", "edition/running_title", optional=True),
    )


def _address(r: Reader, node: Node | None, path: str, ctx: str, name_key: bool = False) -> m.Address | None:
    keys = {"lead": False, "lines": True, "phone": False, "fax": False, "email": False}
    if name_key:
        keys = {"lead": False, "name": True, "address": True, "phone": False, "fax": False, "email": False}
    d = r.mapping(node, path, keys)
    if d is None:
        return None
    lines_key = "address" if name_key else "lines"
    lines = [
        _text(r, n, f"{path}.{lines_key}[{i}]", f"{ctx}/line")
        for i, n in enumerate(r.seq(d.get(lines_key), f"{path}.{lines_key}"))
    ]
    if name_key:
        lines.insert(0, _text(r, d.get("name"), f"{path}.name", f"{ctx}/name"))
    return m.Address(
        lead=_text(r, d.get("lead"), f"{path}.lead", f"{ctx}/lead", optional=True),
        lines=tuple(lines),
        phone=r.text(d.get("phone"), f"{path}.phone", optional=True),
        fax=r.text(d.get("fax"), f"{path}.fax", optional=True),
        email=r.text(d.get("email"), f"{path}.email", optional=True),
    )


def _framework(ld: _Loader):
    root, r = ld.read("framework.yaml")
    d = r.mapping(root, "", {"levels": True, "components": True, "perspectives": True, "matrices": True}) or {}
    levels, components, perspectives, matrices = [], [], [], []
    seen: dict[str, set[str]] = {}

    def ident(node: Node | None, path: str, kind: str) -> str | None:
        value = r.name(node, path)
        if value is not None:
            if value in seen.setdefault(kind, set()):
                r.error(node, path, f"duplicate {kind} id '{value}'")
            seen[kind].add(value)
        return value

    for i, node in enumerate(r.seq(d.get("levels"), "levels")):
        p = f"levels[{i}]"
        e = r.mapping(node, p, {"id": True, "number": True, "name": True, "dependency": True, "awareness": True}) or {}
        lid = ident(e.get("id"), f"{p}.id", "level")
        number = r.integer(e.get("number"), f"{p}.number")
        if number is not None and number != i + 1:
            r.error(e["number"], f"{p}.number", f"levels must be numbered 1, 2, ... in order (expected {i + 1})")
        ctx = f"level-{number}"
        levels.append(
            m.Level(
                lid,
                number,
                _text(r, e.get("name"), f"{p}.name", f"{ctx}/name"),
                _text(r, e.get("dependency"), f"{p}.dependency", f"{ctx}/dependency"),
                _text(r, e.get("awareness"), f"{p}.awareness", f"{ctx}/awareness"),
            )
        )
    for i, node in enumerate(r.seq(d.get("components"), "components")):
        p = f"components[{i}]"
        e = r.mapping(node, p, {"id": True, "name": True, "term": True}) or {}
        cid = ident(e.get("id"), f"{p}.id", "component")
        components.append(
            m.Component(
                cid,
                i + 1,
                _text(r, e.get("name"), f"{p}.name", f"component/{cid}/name"),
                r.text(e.get("term"), f"{p}.term", optional=True),
            )
        )
    for i, node in enumerate(r.seq(d.get("perspectives"), "perspectives")):
        p = f"perspectives[{i}]"
        e = r.mapping(node, p, {"id": True, "name": True}) or {}
        pid = ident(e.get("id"), f"{p}.id", "perspective")
        perspectives.append(m.Perspective(pid, _text(r, e.get("name"), f"{p}.name", f"perspective/{pid}/name")))
    pids = [p.id for p in perspectives if p.id is not None]  # (a wrong id is a problem already)
    for i, node in enumerate(r.seq(d.get("matrices"), "matrices")):
        p = f"matrices[{i}]"
        e = r.mapping(node, p, {"id": True, "name": True, "short_name": True, "caption": True, "rows": True}) or {}
        mid = ident(e.get("id"), f"{p}.id", "matrix")
        if mid is not None and mid not in MATRIX_ORDER:
            r.error(e["id"], f"{p}.id", f"unknown matrix (expected one of: {', '.join(MATRIX_ORDER)})")
        rows_node = e.get("rows")
        rows = r.mapping(rows_node, f"{p}.rows", {pid: True for pid in pids}) or {}
        matrices.append(
            m.Matrix(
                mid,
                _text(r, e.get("name"), f"{p}.name", f"matrix/{mid}/name"),
                _text(r, e.get("short_name"), f"{p}.short_name", f"matrix/{mid}/short_name"),
                _text(r, e.get("caption"), f"{p}.caption", f"matrix/{mid}/caption"),
                {k: _text(r, v, f"{p}.rows.{k}", f"matrix/{mid}/row/{k}") for k, v in rows.items()},
            )
        )
    return tuple(levels), tuple(components), tuple(perspectives), tuple(matrices)


def _levels(ld: _Loader, levels, components, perspectives, matrices) -> tuple[m.Cell, ...]:
    cells: list[m.Cell] = []
    pids = [p.id for p in perspectives if p.id is not None]  # (a wrong id is a problem already)
    cids = [c.id for c in components if c.id is not None]
    matrices = [mx for mx in matrices if mx.id is not None]
    for level in levels:
        n = level.number
        if n is None:  # (its number is a problem already)
            continue
        root, r = ld.read(f"levels/level-{n}.yaml")
        d = r.mapping(root, "", {"level": True, **{mx.id: True for mx in matrices}})
        if d is None:
            continue
        if r.integer(d.get("level"), "level") not in (None, n):
            r.error(d["level"], "level", f"this file holds level {n}")
        for mx in matrices:
            rows = r.mapping(d.get(mx.id), mx.id, {pid: True for pid in pids}) or {}
            for pid in pids:
                path = f"{mx.id}.{pid}"
                cols = r.mapping(rows.get(pid), path, {cid: True for cid in cids}) or {}
                for cid in cids:
                    cpath = f"{path}.{cid}"
                    if cid not in cols:
                        continue
                    ctx = f"level-{n}/{mx.id}/{pid}/{cid}"
                    statements, texts = [], set()
                    items = r.seq(cols[cid], cpath)
                    if len(items) > MAX_CELL_STATEMENTS:
                        r.error(cols[cid], cpath, f"{len(items)} statements: the limit is {MAX_CELL_STATEMENTS}")
                        continue
                    for i, node in enumerate(items):
                        t = _text(r, node, f"{cpath}[{i}]", ctx)
                        if t is None:
                            continue
                        if len(t.source) > MAX_STATEMENT_CHARS:
                            limit = f"the limit is {MAX_STATEMENT_CHARS:,} (split it into statements)"
                            r.error(node, f"{cpath}[{i}]", f"a statement of {len(t.source):,} characters: {limit}")
                            continue
                        if t.source in texts:
                            r.error(node, f"{cpath}[{i}]", "the same statement appears twice in this cell")
                        texts.add(t.source)
                        statements.append(m.Statement(t, n, mx.id, pid, cid))
                    total = sum(len(st.text.source) for st in statements)
                    if total > MAX_CELL_CHARS:
                        r.error(
                            cols[cid], cpath, f"the cell holds {total:,} characters: the limit is {MAX_CELL_CHARS:,}"
                        )
                    cells.append(m.Cell(n, mx.id, pid, cid, tuple(statements)))
    return tuple(cells)


def _section(ld: _Loader, sid: str, audiences: tuple[str, ...]) -> m.Section | None:
    root, r = ld.read(f"text/{sid}.yaml")
    d = r.mapping(root, "", {"title": True, "subtitle": False, "running_head": False, "blocks": True})
    if d is None:
        return None
    blocks = [
        b
        for i, node in enumerate(r.seq(d.get("blocks"), "blocks"))
        if (b := _block(r, node, f"blocks[{i}]", sid, audiences)) is not None
    ]
    return m.Section(
        sid,
        _text(r, d.get("title"), "title", f"{sid}/title"),
        _text(r, d.get("subtitle"), "subtitle", f"{sid}/subtitle", optional=True),
        tuple(blocks),
        _text(r, d.get("running_head"), "running_head", f"{sid}/running_head", optional=True),
    )


_BLOCK_KINDS = ("p", "heading", "list", "terms", "signature", "address")


def _block(r: Reader, node: Node, path: str, sid: str, audiences: tuple[str, ...]) -> m.Block | None:
    d = r.mapping(node, path)
    if d is None:
        return None
    d = dict(d)
    tags = _audiences(r, d.pop("for", None), f"{path}.for", audiences)
    if len(d) != 1 or next(iter(d)) not in _BLOCK_KINDS:
        r.error(node, path, f"a block is one of: {', '.join(_BLOCK_KINDS)} (and optionally for:)")
        return None
    block = _block_body(r, *next(iter(d.items())), path, sid)
    return replace(block, audiences=tags) if block is not None and tags else block


def _audiences(r: Reader, node: Node | None, path: str, known: tuple[str, ...]) -> tuple[str, ...]:
    tags = []
    for i, item in enumerate(r.seq(node, path) if node is not None else []):
        tag = r.text(item, f"{path}[{i}]")
        if tag is not None and tag not in known:
            r.error(item, f"{path}[{i}]", f"unknown audience (expected one of: {', '.join(known)})")
        tags.append(tag)
    return tuple(tags)


def _block_body(r: Reader, kind: str, value: Node, path: str, sid: str) -> m.Block | None:
    p = f"{path}.{kind}"
    if kind == "p":
        return m.Paragraph(_text(r, value, p, f"{sid}/p"))
    if kind == "heading":
        return m.Heading(_text(r, value, p, f"{sid}/heading"))
    if kind == "signature":
        s = r.mapping(value, p, {"name": True, "role": True}) or {}
        return m.Signature(
            _text(r, s.get("name"), f"{p}.name", f"{sid}/signature/name"),
            _text(r, s.get("role"), f"{p}.role", f"{sid}/signature/role"),
        )
    if kind == "address":
        return _address(r, value, p, f"{sid}/address")
    if kind == "terms":
        terms = []
        for i, tnode in enumerate(r.seq(value, p)):
            t = r.mapping(tnode, f"{p}[{i}]", {"id": True, "term": True, "text": True}) or {}
            tid = r.text(t.get("id"), f"{p}[{i}].id")
            terms.append(
                m.Term(
                    tid,
                    _text(r, t.get("term"), f"{p}[{i}].term", f"{sid}/{tid}/term"),
                    _text(r, t.get("text"), f"{p}[{i}].text", f"{sid}/{tid}/definition"),
                )
            )
        return m.Terms(tuple(terms))
    spec = r.mapping(value, p, {"style": True, "items": True}) or {}
    style = r.text(spec.get("style"), f"{p}.style")
    if style is not None and style not in LIST_STYLES:
        r.error(spec["style"], f"{p}.style", f"unknown list style (expected one of: {', '.join(LIST_STYLES)})")
    items = []
    for i, inode in enumerate(r.seq(spec.get("items"), f"{p}.items")):
        ip = f"{p}.items[{i}]"
        if isinstance(inode.value, dict):
            it = r.mapping(inode, ip, {"lead": True, "text": True}) or {}
            items.append(
                m.Item(
                    _text(r, it.get("text"), f"{ip}.text", f"{sid}/list"),
                    _text(r, it.get("lead"), f"{ip}.lead", f"{sid}/list/lead"),
                )
            )
        else:
            items.append(m.Item(_text(r, inode, ip, f"{sid}/list")))
    return m.ItemList(style, tuple(items))


def _cross_check(ld: _Loader, fw: m.Framework) -> None:
    """References between files: component key terms exist."""
    r = Reader(display_path(ld.dir, "framework.yaml"), ld.problems)
    for i, c in enumerate(fw.components):
        if c.term is not None and fw.term(c.term) is None:
            r.error(
                int(c.name.where.rsplit(":", 1)[1]),
                f"components[{i}].term",
                f"no key term with id '{c.term}' in text/key-terms.yaml",
            )
