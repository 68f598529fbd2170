"""The edition diff for people: Markdown for the terminal and sign-off, a standalone HTML page."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from dataclasses import dataclass

from .diff import ADDED, DELETED, INSERTED, MOVED, SAME, EditionDiff, EditionInfo, Segment


@dataclass(frozen=True)
class _Item:
    kind: str
    what: str  # "" for statements, else "bullet 3 → 1" for moves
    words: tuple[Segment, ...]


@dataclass(frozen=True)
class _Group:
    heading: str
    note: str  # "new cell", "cell removed"
    items: tuple[_Item, ...]


def _statement_groups(diff: EditionDiff) -> list[_Group]:
    cells = {c.cell: c for c in diff.cells}
    groups: list[_Group] = []
    items: list[_Item] = []
    for i, c in enumerate(diff.statements):
        what = f"bullet {c.old_index} → {c.new_index}" if c.kind == MOVED else ""
        items.append(_Item(c.kind, what, c.words))
        if i + 1 == len(diff.statements) or diff.statements[i + 1].cell != c.cell:
            cell = cells.get(c.cell)
            note = "" if cell is None else ("new cell" if cell.kind == ADDED else "cell removed")
            groups.append(_Group(c.where, note, tuple(items)))
            items = []
    return groups


def _correction_groups(diff: EditionDiff) -> list[_Group]:
    """Corrections to the published edition recorded or withdrawn, a group per cell or section."""
    groups: list[_Group] = []
    for c in diff.corrections:
        if not groups or groups[-1].heading != c.where:
            groups.append(_Group(c.where, "", ()))
        kind = "recorded" if c.kind == ADDED else "withdrawn"
        groups[-1] = dataclasses.replace(groups[-1], items=(*groups[-1].items, _Item(kind, c.reason, c.words)))
    return groups


def _sections(diff: EditionDiff) -> list[tuple[str, list[_Group]]]:
    return [
        ("Statements", _statement_groups(diff)),
        ("Prose", _prose_groups_view(diff)),
        ("Corrections to the published edition", _correction_groups(diff)),
    ]


def _prose_groups_view(diff: EditionDiff) -> list[_Group]:
    groups: list[_Group] = []
    for i, c in enumerate(diff.prose):
        if not groups or diff.prose[i - 1].where != c.where:
            groups.append(_Group(c.where, "", ()))
        g = groups[-1]
        groups[-1] = dataclasses.replace(g, items=(*g.items, _Item(c.kind, c.what, c.words)))
    return groups


_MD_SPECIAL = re.compile(r"([\\`*_~\[\]<>])")


def _md(text: str) -> str:
    """Text shown literally in Markdown: its markup characters escaped."""
    return _MD_SPECIAL.sub(r"\\\1", text)


def markdown_words(words: Iterable[Segment]) -> str:
    """A word-level diff in Markdown: deleted words ~~struck~~, inserted words **bold**."""
    marks = {SAME: "", DELETED: "~~", INSERTED: "**"}
    return " ".join(f"{marks[s.op]}{_md(s.text)}{marks[s.op]}" for s in words)


def _code(text: str) -> str:
    """Text as a Markdown code span (escaped plain text if it holds a backtick)."""
    return _md(text) if "`" in text else f"`{text}`"


def _md_edition(info: EditionInfo) -> str:
    commit = f", commit {info.source.commit}" if info.source.commit else ""
    return f"{_code(info.source.name)}{commit}: {_md(str(info))}"


def to_markdown(diff: EditionDiff) -> str:
    """The diff as a Markdown document."""
    lines = [
        f"# Changes from {_code(diff.old.source.name)} to {_code(diff.new.source.name)}",
        "",
        diff.summary(),
        "",
        f"- Old: {_md_edition(diff.old)}",
        f"- New: {_md_edition(diff.new)}",
    ]
    for title, groups in _sections(diff):
        if not groups:
            continue
        lines += ["", f"## {title}"]
        for g in groups:
            lines += ["", f"### {_md(g.heading)}" + (f" ({g.note})" if g.note else ""), ""]
            for it in g.items:
                what = f" ({_md(it.what)})" if it.what else ""
                lines.append(f"- {it.kind.capitalize()}{what}: {markdown_words(it.words)}")
    return "\n".join(lines) + "\n"


_HTML = """\
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Changes from {{ diff.old.source.name }} to {{ diff.new.source.name }}</title>
<style>
body { font: 16px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1a1a1a; background: #fff;
       max-width: 62em; margin: 2em auto; padding: 0 1em; }
h1 { font-size: 1.6em; margin-bottom: .3em; }
h2 { font-size: 1.3em; border-bottom: 2px solid #ccc; margin-top: 2em; padding-bottom: .2em; }
h3 { font-size: 1.05em; margin: 1.6em 0 .4em; }
.summary { font-size: 1.1em; font-weight: bold; }
.editions { color: #444; }
.editions dt { font-weight: bold; float: left; width: 3.5em; }
.editions dd { margin-left: 3.5em; }
.note { font-weight: normal; font-style: italic; color: #555; }
ul.changes { list-style: none; padding: 0; margin: 0; }
ul.changes li { margin: .35em 0; padding: .25em .7em; border-left: 4px solid #999; }
li.added { border-left-color: #1e7b34; }
li.removed { border-left-color: #b3261e; }
li.changed { border-left-color: #b06d00; }
li.moved { border-left-color: #4a5fa8; }
li.recorded { border-left-color: #1e7b34; }
li.withdrawn { border-left-color: #b3261e; }
.kind { font-size: .8em; font-weight: bold; text-transform: uppercase; letter-spacing: .05em; color: #444;
        margin-right: .6em; }
del { color: #a4161a; background: #fde8e8; text-decoration: line-through; }
ins { color: #14632a; background: #e3f4e6; text-decoration: none; font-weight: 600; }
</style>
</head>
<body>
<h1>Changes from <code>{{ diff.old.source.name }}</code> to <code>{{ diff.new.source.name }}</code></h1>
<p class="summary">{{ diff.summary() }}</p>
<dl class="editions">
{% for label, e in (("Old", diff.old), ("New", diff.new)) %}
<dt>{{ label }}</dt>
<dd><code>{{ e.source.name }}</code>{% if e.source.commit %}, commit {{ e.source.commit }}{% endif %}: {{ e }}</dd>
{% endfor %}
</dl>
{% for title, groups in sections if groups %}
<h2>{{ title }}</h2>
{% for g in groups %}
<h3>{{ g.heading }}{% if g.note %} <span class="note">({{ g.note }})</span>{% endif %}</h3>
<ul class="changes">
{% for it in g.items %}
<li class="{{ it.kind }}"><span class="kind">{{ it.kind }}{% if it.what %} · {{ it.what }}{% endif %}:</span>
{{ it.words|words }}</li>
{% endfor %}
</ul>
{% endfor %}
{% endfor %}
</body>
</html>
"""


def html_words(words: Iterable[Segment]):
    """A word-level diff as escaped HTML: deleted words in <del>, inserted words in <ins>."""
    from markupsafe import Markup

    tags = {SAME: Markup("{}"), DELETED: Markup("<del>{}</del>"), INSERTED: Markup("<ins>{}</ins>")}
    return Markup(" ").join(tags[s.op].format(s.text) for s in words)


def to_html(diff: EditionDiff) -> str:
    """The diff as a standalone HTML page (inline CSS, every text escaped)."""
    from ..templating import environment

    return (
        environment(trim=True, filters={"words": html_words})
        .from_string(_HTML)
        .render(diff=diff, sections=_sections(diff))
    )
