"""A corpus of bad inputs, as a hostile or careless user would send them: each a Case.

A case prepares a world (a copy of the small data set, of the shipped catalogues, an empty
theme, a previous build in `out`, and a folder nobody may touch), then runs one command.
tests/test_bad_input.py runs every case and asserts what each must give: exit 1, a message
naming the file and key, no traceback, nothing changed outside `out` (nor in `out`).
"""

from __future__ import annotations

import errno
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from tests.helpers import CATALOGUES, MINI


@dataclass
class World:
    """The folders of one case, all under `root`."""

    root: Path

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def cat(self) -> Path:
        return self.root / "translations"

    @property
    def theme(self) -> Path:
        return self.root / "theme"

    @property
    def out(self) -> Path:
        return self.root / "out"

    @property
    def secret(self) -> Path:
        """A folder outside every root: nothing may read what is in it, nor write into it."""
        return self.root / "elsewhere"

    def make(self, built: Path) -> World:
        shutil.copytree(MINI, self.data)
        shutil.copytree(CATALOGUES, self.cat)
        for name in ("templates", "styles", "translations"):
            (self.theme / name).mkdir(parents=True)
        shutil.copytree(built, self.out, ignore=shutil.ignore_patterns("proof", "*.lock"))
        self.secret.mkdir()
        (self.secret / "passwd").write_text("root:x:0:0:SECRET-CONTENT:/root:/bin/sh\n")
        (self.secret / "x.css").write_text("/* SECRET-CONTENT */ body { color: red }\n")
        (self.secret / "x.html").write_text("SECRET-CONTENT {{ 1 }}\n")
        (self.secret / "pl.po").write_bytes((CATALOGUES / "pl.po").read_bytes())
        return self

    def edit(self, rel: str, old: str, new: str) -> None:
        path = self.root / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, (rel, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    def write(self, rel: str, text: str) -> None:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    def link(self, rel: str, target: Path) -> None:
        path = self.root / rel
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink(missing_ok=True)
        path.symlink_to(target)


def nothing(world: World) -> None:
    pass


@dataclass
class Case:
    """One bad input: what to do to the world, the command, and what the message must say."""

    id: str
    command: list[str]  # {data}, {cat}, {theme}, {out}, {secret} are the world's folders
    says: tuple[str, ...]  # each must be in the output ({…} as in command)
    setup: Callable[[World], None] = nothing
    code: int = 1
    env: dict[str, str] = field(default_factory=dict)
    fault: tuple[str, int] | None = None  # (system call, errno): the system refuses it (see test_bad_input)

    def args(self, world: World) -> list[str]:
        return [fill(a, world) for a in self.command]


def fill(text: str, world: World) -> str:
    """A command's word or an expected message with the world's folders in place of {data}, {out}, …"""
    folders = {"data": world.data, "cat": world.cat, "theme": world.theme, "out": world.out, "secret": world.secret}
    for name, folder in folders.items():
        text = text.replace(f"{{{name}}}", str(folder))
    return text


BUILD = ["build", "--data", "{data}", "--catalogues", "{cat}", "--out", "{out}", "-j", "1"]
BOOKLET = [*BUILD, "--product", "leaflet-person"]
CHECK = ["check", "--data", "{data}"]
THEMED = [*BOOKLET, "--theme", "{theme}"]
STATUS = ["i18n", "status", "--data", "{data}", "--catalogues", "{cat}"]
PL = [*BUILD, "--product", "card-level-1", "--lang", "pl"]


def statement(text: str) -> Callable[[World], None]:
    """The first statement of level 1 replaced by a text (YAML double-quoted: escapes allowed)."""

    def setup(world: World) -> None:
        world.edit("data/levels/level-1.yaml", "      - Cannot identify personal needs", f'      - "{text}"')

    return setup


def po_entry(msgid: str, msgstr: str) -> Callable[[World], None]:
    """The Polish catalogue's translation of one UI message replaced, made final (not fuzzy)."""

    def setup(world: World) -> None:
        from babel.messages.pofile import read_po

        from render.i18n.catalogues import po_bytes

        with (world.cat / "pl.po").open("rb") as f:
            po = read_po(f)
        for message in po:
            if message.id:
                message.string = message.string or f"PL {message.id}"
                message.flags.discard("fuzzy")
        po.get(msgid, "ui").string = msgstr
        (world.cat / "pl.po").write_bytes(po_bytes(po))

    return setup


def product(old: str, new: str, name: str = "leaflet") -> Callable[[World], None]:
    """One line of products.yaml changed, in the entry `name`."""

    def setup(world: World) -> None:
        path = world.data / "products.yaml"
        text = path.read_text()
        start = text.index(f"\n{name}:\n")
        at = text.index(old, start)
        path.write_text(text[:at] + new + text[at + len(old) :])

    return setup


def level_cell(statements: list[str]) -> Callable[[World], None]:
    """Level 1's person/clinical-care cell holds these statements."""

    def setup(world: World) -> None:
        lines = "".join(f"      - {s}\n" for s in statements)
        world.edit(
            "data/levels/level-1.yaml",
            "      - Cannot identify personal needs\n      - Uninformed of resource opportunities\n"
            "      - May be angry, anxious, distrustful, and unmotivated\n",
            lines,
        )

    return setup


def theme_template(name: str, text: str) -> Callable[[World], None]:
    return lambda world: world.write(f"theme/templates/{name}", text)


def nested(depth: int) -> Callable[[World], None]:
    return lambda world: world.write("data/text/values.yaml", "title: " + "[" * depth + "]" * depth + "\n")


def all_pl_final(world: World) -> None:
    po_entry("Contents", "Spis treści")(world)


CASES = [
    # --- a language code is never a path --------------------------------------------------------------------
    Case("lang-parent", [*BUILD, "--lang", "../evil"], ("--lang '../evil': not a language code",)),
    Case("lang-nested", [*BUILD, "--lang", "pl/../../x"], ("--lang 'pl/../../x': not a language code",)),
    Case("lang-absolute", [*BUILD, "--lang", "/tmp/x"], ("--lang '/tmp/x': not a language code",)),
    Case("lang-empty", [*BUILD, "--lang", ""], ("--lang '': not a language code",)),
    Case("lang-case", [*BUILD, "--lang", "PL"], ("--lang 'PL': not a language code",)),
    Case("lang-control", [*BUILD, "--lang", "pl\x1b[2J"], ("--lang 'pl\\x1b[2J': not a language code",)),
    Case("lang-unknown", [*BUILD, "--lang", "de"], ("no catalogue for language 'de'", "de.po")),
    Case("lang-watch", ["watch", "--data", "{data}", "--out", "{out}", "--lang", "../x"], ("not a language code",)),
    Case(
        "lang-pack",
        ["pack", "--data", "{data}", "--build-dir", "{out}", "--lang", "..", "--out", "{out}/packs"],
        ("--lang '..'",),
    ),
    # --- names that become file names -------------------------------------------------------------------------
    Case(
        "product-name-parent",
        CHECK,
        ("products.yaml:", "../../evil: '../../evil' is not a name"),
        lambda w: w.edit("data/products.yaml", "\nbooklet:\n", "\n../../evil:\n"),
    ),
    Case(
        "product-name-space",
        CHECK,
        ("products.yaml:", "my booklet: 'my booklet' is not a name"),
        lambda w: w.edit("data/products.yaml", "\nbooklet:\n", "\nmy booklet:\n"),
    ),
    Case(
        "perspective-id",
        CHECK,
        ("framework.yaml:", "perspectives[0].id: '../x' is not a name"),
        lambda w: w.edit("data/framework.yaml", "  - id: person", "  - id: ../x"),
    ),
    Case(
        "component-id",
        CHECK,
        ("framework.yaml:", "components[0].id: 'Clinical Care' is not a name"),
        lambda w: w.edit("data/framework.yaml", "  - id: clinical-care", "  - id: Clinical Care"),
    ),
    Case(
        "level-id",
        CHECK,
        ("framework.yaml:", "levels[1].id: 'level/2' is not a name"),
        lambda w: w.edit("data/framework.yaml", "  - id: level-2", "  - id: level/2"),
    ),
    Case(
        "publisher-short",
        CHECK,
        ("edition.yaml:", "publisher_short: 'NIMHE/../x' is not a name"),
        lambda w: w.edit("data/edition.yaml", "publisher_short: NIMHE", "publisher_short: NIMHE/../x"),
    ),
    # --- the look's files stay in the look's folders ----------------------------------------------------------------
    Case(
        "stylesheet-absolute",
        CHECK,
        ("products.yaml:", "poster.stylesheet: '/etc/passwd' is not a .css file"),
        lambda w: w.edit("data/products.yaml", "stylesheet: poster.css", "stylesheet: /etc/passwd"),
    ),
    Case(
        "stylesheet-parent",
        CHECK,
        ("products.yaml:", "poster.stylesheet: '../../elsewhere/x.css' is not a .css file"),
        lambda w: w.edit("data/products.yaml", "stylesheet: poster.css", "stylesheet: ../../elsewhere/x.css"),
    ),
    Case(
        "template-parent",
        CHECK,
        ("products.yaml:", "poster.template: '../elsewhere/x.html' is not a .html file"),
        lambda w: w.edit("data/products.yaml", "template: poster.html", "template: ../elsewhere/x.html"),
    ),
    Case(
        "template-absolute",
        CHECK,
        ("products.yaml:", "poster.template: '/etc/x.html' is not a .html file"),
        lambda w: w.edit("data/products.yaml", "template: poster.html", "template: /etc/x.html"),
    ),
    Case(
        "large-print-parent",
        CHECK,
        ("products.yaml:", "card.large_print: '../x.html' is not a .html file"),
        lambda w: w.edit("data/products.yaml", "large_print: leaflet.html", "large_print: ../x.html"),
    ),
    Case(
        "stylesheet-missing",
        CHECK,
        ("products.yaml:", "booklet.stylesheet: nope.css not found in"),
        lambda w: w.edit("data/products.yaml", "stylesheet: booklet.css", "stylesheet: nope.css"),
    ),
    Case(
        "template-missing",
        CHECK,
        ("products.yaml:", "poster.template: template nope.html not found"),
        lambda w: w.edit("data/products.yaml", "template: poster.html", "template: nope.html"),
    ),
    Case(
        "theme-style-link-check",
        [*CHECK, "--theme", "{theme}"],
        ("booklet.stylesheet: stylesheet booklet.css", "resolves outside"),
        lambda w: w.link("theme/styles/booklet.css", w.secret / "x.css"),
    ),
    Case(
        "theme-style-link-build",
        THEMED,
        ("stylesheet booklet.css", "resolves outside", "{theme}/styles"),
        lambda w: w.link("theme/styles/booklet.css", w.secret / "x.css"),
    ),
    Case(
        "theme-template-link",
        THEMED,
        ("template leaflet.html", "resolves outside"),
        lambda w: w.link("theme/templates/leaflet.html", w.secret / "x.html"),
    ),
    Case(
        "theme-partial-link",
        THEMED,
        ("template partials/prose.html", "resolves outside"),
        lambda w: (
            w.theme.joinpath("templates/partials").mkdir(),
            w.link("theme/templates/partials/prose.html", w.secret / "x.html"),
        ),
    ),
    Case(
        "theme-include-parent",
        THEMED,
        ("template ../../elsewhere/x.html", "not found in the theme's folders"),
        theme_template("leaflet.html", '{% include "../../elsewhere/x.html" %}'),
    ),
    Case(
        "theme-sandbox-class",
        THEMED,
        ("leaflet.html:1", "access to attribute '__class__'", "unsafe"),
        theme_template("leaflet.html", "{{ fw.__class__.__mro__ }}"),
    ),
    Case(
        "theme-sandbox-globals",
        THEMED,
        ("leaflet.html:1", "unsafe"),
        theme_template("leaflet.html", "{{ t.__call__.__globals__ }}"),
    ),
    Case(
        "theme-sandbox-format",
        THEMED,
        ("leaflet.html:1", "unsafe"),
        theme_template("leaflet.html", "{{ '{0.__class__}'.format(fw) }}"),
    ),
    Case(
        "theme-undefined",
        THEMED,
        ("template", "leaflet.html:1", "'nope' is undefined"),
        theme_template("leaflet.html", "{{ nope }}"),
    ),
    Case(
        "theme-syntax-build",
        THEMED,
        ("template", "leaflet.html:1", "tag name expected"),
        theme_template("leaflet.html", "{% %}"),
    ),
    Case(
        "theme-syntax-check",
        [*CHECK, "--theme", "{theme}"],
        ("leaflet.html:1",),
        theme_template("leaflet.html", "{% if %}"),
    ),
    Case(
        "theme-partial-syntax-check",
        [*CHECK, "--theme", "{theme}"],
        ("{theme}/templates/partials/prose.html:2", "template:"),
        theme_template("partials/prose.html", "ok\n{% endfor %}"),
    ),
    Case(
        "theme-not-a-folder",
        [*BOOKLET, "--theme", "{secret}/passwd"],
        ("'--theme'", "is a file"),
    ),
    # --- data that leaves the data folder -----------------------------------------------------------------------------
    Case(
        "data-file-link",
        CHECK,
        ("data/text/values.yaml: resolves outside the data folder",),
        lambda w: w.link("data/text/values.yaml", w.secret / "passwd"),
    ),
    Case(
        "data-folder-link",
        CHECK,
        ("data/levels/level-1.yaml: resolves outside the data folder",),
        lambda w: (shutil.copytree(w.data / "levels", w.secret / "levels"), w.link("data/levels", w.secret / "levels")),
    ),
    Case(
        "catalogue-link",
        PL,
        ("catalogue pl.po", "resolves outside", "{cat}"),
        lambda w: w.link("translations/pl.po", w.secret / "pl.po"),
    ),
    Case(
        "output-folder-link",
        BOOKLET,
        ("output en/leaflet-person.pdf", "resolves outside", "{out}"),
        lambda w: (shutil.rmtree(w.out / "en"), w.link("out/en", w.secret)),
    ),
    Case(
        "font-link",
        BOOKLET,
        ("font NotoSans-Regular.ttf", "resolves outside"),
        lambda w: _font_folder(w, link="NotoSans-Regular.ttf"),
        env={"RECOVERY_PRINT_FONT_DIRS": "{root}/fonts"},
    ),
    Case(
        "font-missing",
        BOOKLET,
        ("fonts not found in", "NotoSans-Bold.ttf", "fonts-noto-core"),
        lambda w: _font_folder(w, drop="NotoSans-Bold.ttf"),
        env={"RECOVERY_PRINT_FONT_DIRS": "{root}/fonts"},
    ),
    # --- translations are data, never code --------------------------------------------------------------------
    Case(
        "po-attribute",
        PL,
        ("pl.po:", "ui:", "placeholders ({number.__class__.__name__}) are not the English's ({number})"),
        po_entry("Level {number}", "Poziom {number.__class__.__name__}"),
    ),
    Case(
        "po-unknown-field",
        PL,
        ("pl.po:", "placeholders ({nope}) are not the English's ({number})"),
        po_entry("Level {number}", "Poziom {nope}"),
    ),
    Case(
        "po-positional",
        PL,
        ("pl.po:", "placeholders ({0}) are not the English's ({number})"),
        po_entry("Level {number}", "Poziom {0}"),
    ),
    Case(
        "po-dropped",
        PL,
        ("pl.po:", "placeholders (none) are not the English's ({number})"),
        po_entry("Level {number}", "Poziom"),
    ),
    Case(
        "po-index", PL, ("pl.po:", "not the English's"), po_entry("Level {number} of {total}", "{number[0]} z {total}")
    ),
    Case(
        "po-status",
        STATUS,
        ("pl.po:", "placeholders ({number.__class__.__name__})", "catalogue entries cannot be used"),
        po_entry("Level {number}", "Poziom {number.__class__.__name__}"),
    ),
    Case(
        "po-check",
        [*CHECK, "--catalogues", "{cat}"],
        ("pl.po:", "ui: the translation's placeholders"),
        po_entry("Level {number}", "{number.__init__}"),
    ),
    Case("po-control", PL, ("pl.po:", "a control character (U+001B ESC)"), po_entry("Contents", "Spis\x1b[31m treści")),
    Case(
        "po-bidi",
        PL,
        ("pl.po:", "a bidi control (U+202E RIGHT-TO-LEFT OVERRIDE)"),
        po_entry("Contents", "Spis \u202etreści"),
    ),
    Case(
        "po-charset",
        PL,
        ("pl.po: not a valid PO file", "klingon"),
        lambda w: w.edit("translations/pl.po", "charset=utf-8", "charset=klingon"),
    ),
    Case(
        "po-syntax",
        PL,
        ("pl.po:", ": not a valid PO file: not a comment, keyword or quoted string"),
        lambda w: w.edit("translations/pl.po", 'msgid "Contents"', "msgid Contents"),
    ),
    Case(
        "po-not-text",
        PL,
        ("pl.po:1: not a valid PO file",),
        lambda w: (w.cat / "pl.po").write_bytes(b"\xff\xfe\x00garbage\x00"),
    ),
    Case(
        "po-huge",
        PL,
        ("pl.po: larger than 20,000,000 bytes",),
        lambda w: (w.cat / "pl.po").write_bytes(b"#" * 20_000_001),
    ),
    Case("po-too-long", PL, ("pl.po:", "is longer than"), po_entry("Contents", "Spis " * 2000)),
    # --- text hygiene in the data ------------------------------------------------------------------------------
    Case(
        "text-esc",
        CHECK,
        ("data/levels/level-1.yaml:", "recovery-process.person.clinical-care[0]: a control character (U+001B ESC)"),
        statement("Cannot\\e[31m identify"),
    ),
    Case(
        "text-nul",
        CHECK,
        ("level-1.yaml:", "clinical-care[0]: a control character (U+0000 NUL)"),
        statement("Cannot\\0 identify"),
    ),
    Case("text-bel", CHECK, ("level-1.yaml:", "a control character (U+0007 BEL)"), statement("Cannot\\a identify")),
    Case(
        "text-del", CHECK, ("level-1.yaml:", "a control character (U+007F DELETE)"), statement("Cannot\\x7f identify")
    ),
    Case("text-c1", CHECK, ("level-1.yaml:", "a control character (U+0085"), statement("Cannot\\x85 identify")),
    Case(
        "text-rlo",
        CHECK,
        ("level-1.yaml:", "a bidi control (U+202E RIGHT-TO-LEFT OVERRIDE)"),
        statement("Cannot \\u202eidentify"),
    ),
    Case(
        "text-lri",
        CHECK,
        ("overview.yaml:", "a bidi control (U+2066 LEFT-TO-RIGHT ISOLATE)"),
        lambda w: w.edit("data/text/overview.yaml", "title: Overview", 'title: "Over\\u2066view"'),
    ),
    Case(
        "text-title-esc",
        CHECK,
        ("edition.yaml:", "title: a control character (U+001B ESC)"),
        lambda w: w.edit(
            "data/edition.yaml",
            "title: Emerging Best Practices in Mental Health Recovery",
            'title: "\\e]0;pwned\\aEmerging"',
        ),
    ),
    # --- limits, checked before any layout ----------------------------------------------------------------------
    Case(
        "limit-statement-words",
        CHECK,
        ("level-1.yaml:", "clinical-care[0]: a text of 59,999 characters: the limit is 5,000"),
        statement("word " * 12000),
    ),
    Case(
        "limit-statement",
        CHECK,
        ("level-1.yaml:", "clinical-care[0]: a statement of 2,000 characters: the limit is 1,500"),
        statement("a" * 2000),
    ),
    Case(
        "limit-cell-count",
        CHECK,
        ("level-1.yaml:", "recovery-process.person.clinical-care: 61 statements: the limit is 60"),
        level_cell([f"Statement {n}" for n in range(61)]),
    ),
    Case(
        "limit-cell-chars",
        CHECK,
        ("level-1.yaml:", "recovery-process.person.clinical-care: the cell holds 7,000 characters: the limit is 6,000"),
        level_cell([f"{n} " + "b" * 1398 for n in range(5)]),
    ),
    Case(
        "limit-paragraph",
        CHECK,
        ("introduction.yaml:", "a text of 6,000 characters: the limit is 5,000"),
        lambda w: w.edit("data/text/introduction.yaml", "  - p: ", "  - p: " + "x" * 6000 + "\n  - p: "),
    ),
    Case(
        "limit-total",
        CHECK,
        ("all texts together hold", "the limit is 300,000"),
        lambda w: w.write(
            "data/text/values.yaml",
            "title: Values\nblocks:\n" + "".join(f"  - p: {n} {'w' * 4900}\n" for n in range(70)),
        ),
    ),
    Case("limit-nesting", CHECK, ("data/text/values.yaml:1: nested deeper than 20 levels",), nested(5000)),
    Case(
        "limit-file",
        CHECK,
        ("data/text/values.yaml: file is larger than 2,000,000 bytes",),
        lambda w: w.write("data/text/values.yaml", "title: x\n#" + "x" * 2_000_001),
    ),
    # --- impossible values ------------------------------------------------------------------------------------
    Case(
        "date-impossible",
        CHECK,
        ("edition.yaml:", "revised: '2026-02-30' is not a valid value"),
        lambda w: w.edit("data/edition.yaml", "revised: 2026-11-26", "revised: 2026-02-30"),
    ),
    Case(
        "trim-nan",
        CHECK,
        ("products.yaml:", "leaflet.trim_mm[0]: expected a finite number, got nan"),
        product("trim_mm: [148, 210]", "trim_mm: [.nan, 210]"),
    ),
    Case(
        "trim-inf",
        CHECK,
        ("products.yaml:", "leaflet.trim_mm[1]: expected a finite number, got inf"),
        product("trim_mm: [148, 210]", "trim_mm: [148, .inf]"),
    ),
    Case(
        "trim-zero",
        CHECK,
        ("products.yaml:", "leaflet.trim_mm[0]: 0 mm: must be more than zero"),
        product("trim_mm: [148, 210]", "trim_mm: [0, 210]"),
    ),
    Case(
        "trim-negative",
        CHECK,
        ("products.yaml:", "leaflet.trim_mm[1]: -210 mm: must be more than zero"),
        product("trim_mm: [148, 210]", "trim_mm: [148, -210]"),
    ),
    Case(
        "trim-huge",
        CHECK,
        ("products.yaml:", "leaflet.trim_mm[0]: 1e+09 mm: must be more than zero and at most 5000 mm"),
        product("trim_mm: [148, 210]", "trim_mm: [1.0e+9, 210]"),
    ),
    Case(
        "bleed-negative",
        CHECK,
        ("products.yaml:", "leaflet.bleed_mm: -1 mm: must be from 0 to 20 mm"),
        product("bleed_mm: 3", "bleed_mm: -1"),
    ),
    Case(
        "bleed-nan",
        CHECK,
        ("products.yaml:", "leaflet.bleed_mm: expected a finite number, got nan"),
        product("bleed_mm: 3", "bleed_mm: .nan"),
    ),
    Case(
        "margins-too-wide",
        CHECK,
        ("products.yaml:", "leaflet.margins_mm: the margins leave no room on the page"),
        product("margins_mm: [17, 14, 18, 14]", "margins_mm: [17, 80, 18, 80]"),
    ),
    Case(
        "margin-negative",
        CHECK,
        ("products.yaml:", "leaflet.margins_mm[0]: -5 mm: must be zero or more"),
        product("margins_mm: [17, 14, 18, 14]", "margins_mm: [-5, 14, 18, 14]"),
    ),
    Case(
        "body-zero",
        CHECK,
        ("products.yaml:", "leaflet.body_pt: need 0 < min <= max"),
        product("body_pt: {min: 9.5, max: 10.0}", "body_pt: {min: 0, max: 10.0}"),
    ),
    Case(
        "body-huge",
        CHECK,
        ("products.yaml:", "leaflet.body_pt: need 0 < min <= max <= 72"),
        product("body_pt: {min: 9.5, max: 10.0}", "body_pt: {min: 9.5, max: 1000}"),
    ),
    Case(
        "masthead-floor-above-full",
        CHECK,
        ("products.yaml:", "poster.masthead.title_pt: need 0 < min <= max"),
        product("title_pt: {min: 56, max: 80}", "title_pt: {min: 90, max: 80}", "poster"),
    ),
    Case(
        "masthead-size-missing",
        CHECK,
        ("products.yaml:", "poster.masthead: missing key 'gap_mm'"),
        product("    gap_mm: {min: 2.5, max: 5}\n", "", "poster"),
    ),
    Case(
        "pages-zero",
        CHECK,
        ("products.yaml:", "poster.pages: must be from 1 to 400"),
        product("pages: 1", "pages: 0", "poster"),
    ),
    Case(
        "pages-huge",
        CHECK,
        ("products.yaml:", "poster.pages: must be from 1 to 400"),
        product("pages: 1", "pages: 100000", "poster"),
    ),
    Case(
        "sheet-zero",
        CHECK,
        ("products.yaml:", "leaflet.imposition.sheet_mm[0]: 0 mm: must be more than zero"),
        product("sheet_mm: [320, 225]", "sheet_mm: [0, 225]"),
    ),
    Case(
        "page-multiple",
        CHECK,
        ("products.yaml:", "leaflet.page_multiple: must be from 1 to 16"),
        product("page_multiple: 4", "page_multiple: 0"),
    ),
    Case("cli-bleed-nan", [*BOOKLET, "--bleed", "nan"], ("--bleed nan: not a length from 0 to 20 mm",)),
    Case("cli-bleed-range", [*BOOKLET, "--bleed", "25"], ("Invalid value for '--bleed'",)),
    Case(
        "cli-size",
        [*BOOKLET, "--variant", "large-print", "--large-print-size", "7"],
        ("Invalid value for '--large-print-size'",),
    ),
    Case("cli-unknown-option", [*BOOKLET, "--evil"], ("No such option '--evil'",)),
    Case("cli-unknown-product", [*BUILD, "--product", "flyer"], ("unknown product flyer",)),
    # --- what the look's styles and pictures may fetch ----------------------------------------------------------------
    Case(
        "css-import-outside",
        THEMED,
        ("refused to read", "outside the project's folders"),
        lambda w: w.write("theme/styles/booklet.css", '@import "../../elsewhere/x.css";\n'),
    ),
    Case(
        "css-url-file",
        THEMED,
        ("refused to read /etc/passwd", "outside the project's folders"),
        lambda w: w.write("theme/styles/booklet.css", "body { background: url(file:///etc/passwd) }\n"),
    ),
    Case(
        "css-url-network",
        THEMED,
        ("refused to fetch http://example.com/x.png",),
        lambda w: w.write("theme/styles/booklet.css", "body { background: url(http://example.com/x.png) }\n"),
    ),
    Case(
        "template-img-file",
        THEMED,
        ("refused to read", "elsewhere/passwd"),
        lambda w: w.write("theme/templates/leaflet.html", f'<img src="file://{w.secret}/passwd">'),
    ),
    # --- reports that point elsewhere, files that are not PDFs ---------------------------------------------------------
    Case(
        "report-entry-link",
        ["proof", "--out", "{out}"],
        ("output en/booklet.pdf", "resolves outside"),
        lambda w: (
            (w.out / "en/booklet.pdf").unlink(),
            (w.secret / "b.pdf").write_bytes((w.out / "en/booklet-imposed.pdf").read_bytes()),
            w.link("out/en/booklet.pdf", w.secret / "b.pdf"),
        ),
    ),
    Case(
        "report-entry-link-preflight",
        ["preflight", "--data", "{data}", "--out", "{out}"],
        ("output en/booklet.pdf", "resolves outside"),
        lambda w: (
            (w.out / "en/booklet.pdf").unlink(),
            (w.secret / "b.pdf").write_bytes(b"%PDF-1.6"),
            w.link("out/en/booklet.pdf", w.secret / "b.pdf"),
        ),
    ),
    Case(
        "preflight-not-a-pdf",
        ["preflight", "--data", "{data}", "--out", "{out}", "{out}/en/booklet.pdf"],
        ("error: pdf: not a readable PDF",),
        lambda w: (w.out / "en/booklet.pdf").write_bytes(
            b"%PDF-1.6\n1 0 obj << /Type /Catalog /Pages 9 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF"
        ),
    ),
    Case(
        "preflight-damaged-pdf",
        ["preflight", "--data", "{data}", "--out", "{out}", "{out}/en/booklet.pdf"],
        ("FAIL  {out}/en/booklet.pdf",),
        lambda w: _damage_pdf(w.out / "en/booklet.pdf"),
    ),
    Case("date-epoch", BOOKLET, ("SOURCE_DATE_EPOCH='yesterday': not a date",), env={"SOURCE_DATE_EPOCH": "yesterday"}),
    Case(
        "date-epoch-huge",
        BOOKLET,
        ("SOURCE_DATE_EPOCH='99999999999999999999': not a date",),
        env={"SOURCE_DATE_EPOCH": "99999999999999999999"},
    ),
    # --- the output intent ------------------------------------------------------------------------------------
    Case("icc-missing", [*BOOKLET, "--icc", "{secret}/none.icc"], ("ICC profile {secret}/none.icc not found",)),
    Case("icc-not-icc", [*BOOKLET, "--icc", "{secret}/passwd"], ("{secret}/passwd: not an ICC profile",)),
    Case(
        "icc-truncated",
        [*BOOKLET, "--icc", "{secret}/cut.icc"],
        ("{secret}/cut.icc: a damaged ICC profile",),
        lambda w: _icc(w, "cut.icc", lambda d: d[:60000]),
    ),
    Case(
        "icc-damaged-tags",
        [*BOOKLET, "--icc", "{secret}/bad.icc"],
        ("{secret}/bad.icc: a damaged ICC profile",),
        lambda w: _icc(w, "bad.icc", lambda d: d[:132] + b"\xff" * (len(d) - 132)),
    ),
    Case(
        "icc-folder",
        [*BOOKLET, "--icc", "{secret}"],
        ("'--icc'", "is a directory"),
    ),
    Case(
        "icc-condition",
        [*BOOKLET, "--output-condition", "FOGRA\x1b[2J"],
        ("--output-condition 'FOGRA\\x1b[2J': not an output condition name",),
    ),
    # --- the system says no -------------------------------------------------------------------------------------
    Case(
        "os-folder-where-pdf-goes",
        BOOKLET,
        ("{out}/en/leaflet-person.pdf: a folder stands where the file goes; nothing was changed",),
        lambda w: ((w.out / "en/leaflet-person.pdf").unlink(), (w.out / "en/leaflet-person.pdf").mkdir()),
    ),
    Case(
        "os-cache-is-a-file",
        [*BOOKLET, "--no-cache"],
        ("{out}/.cache", "; nothing was changed"),
        lambda w: (shutil.rmtree(w.out / ".cache"), (w.out / ".cache").write_text("x")),
    ),
    Case(
        "os-out-is-a-file",
        [*BUILD[:-4], "--out", "{secret}/passwd", "--product", "leaflet-person"],
        ("'--out'", "is a file"),
    ),
    Case(
        "os-read-only",
        [*BOOKLET, "--no-cache"],
        ("Permission denied; nothing was changed",),
        fault=("mkstemp", errno.EACCES),
    ),
    Case(
        "os-disk-full",
        [*BOOKLET, "--no-cache"],
        ("No space left on device; nothing was changed",),
        fault=("write", errno.ENOSPC),
    ),
    Case(
        "os-data-unreadable",
        CHECK,
        ("data/edition.yaml: cannot be read: Permission denied",),
        fault=("read_text", errno.EACCES),
    ),
    # --- reports and caches that are not what they should be ------------------------------------------------------------
    Case(
        "proof-report-corrupt",
        ["proof", "--out", "{out}"],
        ("{out}/build-report.json: not a readable build report",),
        lambda w: (w.out / "build-report.json").write_text("{not json"),
    ),
    Case(
        "proof-report-schema",
        ["proof", "--out", "{out}"],
        ("a build report of schema 1, this program reads 2; rebuild",),
        lambda w: (w.out / "build-report.json").write_text('{"outputs": []}'),
    ),
    Case("diff-revision", ["diff", "no-such-revision", "{data}"], ("no-such-revision: ",)),
]


def _font_folder(world: World, link: str | None = None, drop: str | None = None) -> None:
    """A font folder copied from Debian's Noto folder, one face linked from elsewhere or left out."""
    from render.compose.fonts import FAMILIES
    from render.paths import DEFAULT_FONT_DIRS

    fonts = world.root / "fonts"
    fonts.mkdir()
    for faces in FAMILIES.values():
        for *_, filename, _ in faces:
            if filename == drop:
                continue
            if filename == link:
                shutil.copy(DEFAULT_FONT_DIRS[0] / filename, world.secret / filename)
                (fonts / filename).symlink_to(world.secret / filename)
            else:
                (fonts / filename).symlink_to(DEFAULT_FONT_DIRS[0] / filename)
    if link is None:  # (a folder of links to Debian's files: the links leave the folder too)
        for path in fonts.iterdir():
            target = path.resolve()
            path.unlink()
            shutil.copy(target, path)


def _damage_pdf(path: Path) -> None:
    """A PDF whose pages' resources are nonsense (a number where a dictionary goes)."""
    import pikepdf

    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        for page in pdf.pages:
            page.obj.Resources = 42
            page.obj.TrimBox = pikepdf.Array(["a", "b"])
        pdf.save(path)


def _icc(world: World, name: str, damage: Callable[[bytes], bytes]) -> None:
    from render.paths import DEFAULT_PROFILE

    (world.secret / name).write_bytes(damage(DEFAULT_PROFILE.read_bytes()))


def environment(case: Case, world: World) -> dict[str, str]:
    return {key: value.format(root=world.root) for key, value in case.env.items()}


def fault(name: str, code: int):
    """A stand-in for a system call that fails as the system would (the tests run as root, whom
    file permissions do not stop, and no disk is full on purpose)."""

    def refuse(*args, **kwargs):
        raise OSError(code, os.strerror(code), str(args[0]) if args and isinstance(args[0], str | Path) else None)

    return refuse
