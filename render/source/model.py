"""The framework as frozen dataclasses: what every product is laid out from."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import ClassVar


@dataclass(frozen=True)
class Text:
    """A translatable string: its stable place (gettext msgctxt) and its English."""

    context: str
    source: str
    where: str = field(default="", compare=False)  # data/file.yaml:LINE, for messages

    def __str__(self) -> str:
        return self.source


@dataclass(frozen=True)
class Level:
    """One of the four levels of the recovery process."""

    id: str
    number: int
    name: Text
    dependency: Text
    awareness: Text


@dataclass(frozen=True)
class Component:
    """One of the nine essential components (a matrix column)."""

    id: str
    number: int
    name: Text
    term: str | None  # id of the key term that defines it


@dataclass(frozen=True)
class Perspective:
    """Whose status, role or practice a matrix row describes."""

    id: str
    name: Text


@dataclass(frozen=True)
class Matrix:
    """A matrix kind (Recovery Process or Best Practices) and its row labels."""

    id: str
    name: Text
    short_name: Text
    caption: Text
    rows: dict[str, Text]  # perspective id -> row label

    def __hash__(self) -> int:
        return hash(self.id)


@dataclass(frozen=True)
class Statement:
    """One bullet in one cell of one level's matrix."""

    text: Text
    level: int
    matrix: str
    perspective: str
    component: str


@dataclass(frozen=True)
class Cell:
    """The statements where a perspective row crosses a component column."""

    level: int
    matrix: str
    perspective: str
    component: str
    statements: tuple[Statement, ...]


# Prose blocks: a section is a sequence of these, rendered in order. `audiences` names
# the leaflets whose introduction reuses a block ("leaflets" for all of them).
@dataclass(frozen=True)
class Paragraph:
    kind: ClassVar[str] = "Paragraph"  # (for templates, which see no class names)
    text: Text
    audiences: tuple[str, ...] = ()  # leaflets that also print this block


@dataclass(frozen=True)
class Heading:
    kind: ClassVar[str] = "Heading"  # (for templates, which see no class names)
    text: Text
    audiences: tuple[str, ...] = ()  # leaflets that also print this block


@dataclass(frozen=True)
class Item:
    text: Text
    lead: Text | None = None


@dataclass(frozen=True)
class ItemList:
    kind: ClassVar[str] = "ItemList"  # (for templates, which see no class names)
    style: str  # bullet | decimal | lower-alpha | upper-roman
    items: tuple[Item, ...]
    audiences: tuple[str, ...] = ()  # leaflets that also print this block


@dataclass(frozen=True)
class Term:
    id: str
    term: Text
    text: Text


@dataclass(frozen=True)
class Terms:
    kind: ClassVar[str] = "Terms"  # (for templates, which see no class names)
    terms: tuple[Term, ...]
    audiences: tuple[str, ...] = ()  # leaflets that also print this block


@dataclass(frozen=True)
class Signature:
    kind: ClassVar[str] = "Signature"  # (for templates, which see no class names)
    name: Text
    role: Text
    audiences: tuple[str, ...] = ()  # leaflets that also print this block


@dataclass(frozen=True)
class Address:
    kind: ClassVar[str] = "Address"  # (for templates, which see no class names)
    lead: Text | None
    lines: tuple[Text, ...]
    phone: str | None = None
    fax: str | None = None
    email: str | None = None
    audiences: tuple[str, ...] = ()  # leaflets that also print this block


Block = Paragraph | Heading | ItemList | Terms | Signature | Address


@dataclass(frozen=True)
class Section:
    """A prose section of the companion text (introduction, principles, ...)."""

    id: str
    title: Text
    subtitle: Text | None
    blocks: tuple[Block, ...]
    running_head: Text | None = None  # a short form of the title, for running heads


@dataclass(frozen=True)
class Credit:
    label: Text | None
    text: Text


@dataclass(frozen=True)
class Caption:
    position: Text
    name: str


@dataclass(frozen=True)
class Edition:
    """Title, publisher, credits and contacts of this edition."""

    title: Text
    publisher: Text
    publisher_short: str
    edition: Text
    revised: dt.date
    credits: tuple[Credit, ...]
    production: Text
    dissemination: Text
    contact: Address
    further_information: Text
    url: str
    photographs_title: Text
    photographs: tuple[Caption, ...]
    supporter: Text
    running_title: Text | None = None  # a short form of the title, for running heads


@dataclass(frozen=True)
class Framework:
    """Everything the products print, validated and cross-referenced."""

    edition: Edition
    levels: tuple[Level, ...]
    components: tuple[Component, ...]
    perspectives: tuple[Perspective, ...]
    matrices: tuple[Matrix, ...]
    cells: tuple[Cell, ...]
    sections: tuple[Section, ...]

    def cell(self, level: int, matrix: str, perspective: str, component: str) -> Cell:
        """The cell at one crossing of the model."""
        return self._cells[(level, matrix, perspective, component)]

    @cached_property
    def _cells(self) -> dict[tuple[int, str, str, str], Cell]:
        return {(c.level, c.matrix, c.perspective, c.component): c for c in self.cells}

    def statements(self, level: int | None = None, perspective: str | None = None) -> list[Statement]:
        """All statements (or one level's, or one perspective's), in reading order."""
        return [
            s
            for c in self.cells
            if level in (None, c.level) and perspective in (None, c.perspective)
            for s in c.statements
        ]

    def section(self, id: str) -> Section:
        """A prose section by id."""
        return next(s for s in self.sections if s.id == id)

    def term(self, id: str) -> Term | None:
        """A key term by id."""
        for block in self.section("key-terms").blocks:
            if isinstance(block, Terms):
                for term in block.terms:
                    if term.id == id:
                        return term
        return None


def children(value: object) -> list[object]:
    """The values a model object is made of: a dataclass's fields, a sequence's items, a mapping's values."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [getattr(value, f.name) for f in dataclasses.fields(value)]
    if isinstance(value, tuple | list):
        return list(value)
    if isinstance(value, dict):
        return list(value.values())
    return []


def texts(value: object) -> Iterator[Text]:
    """Every Text in a model object, in a stable (field) order."""
    if isinstance(value, Text):
        yield value
        return
    for child in children(value):
        yield from texts(child)
