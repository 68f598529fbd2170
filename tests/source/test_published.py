"""Reading the published edition's text extraction: its matrix tables and its prose."""

from __future__ import annotations

from render.source import published
from render.source.fidelity import DEFAULT_SOURCE
from tests.helpers import SHIPPED

HEAD = "\tClinical Care\tPeer Support & Relationships\tFamily Support\tWork/Meaningful Activity\tPower & Control\tStigma\tCommunity Involvement\tAccess to Resources\tEducation"
ROW = "\t".join(f"Statement {n}a; Statement {n}b." for n in range(1, 10))


def extraction(rows: list[str], caption="Defines the person's personal status and roles.") -> str:
    return "\n".join(
        [
            "# Title",
            "",
            "A paragraph of prose.",
            "",
            caption,
            "",
            "#### Mental Health Recovery Process / Dependent / Unaware",
            "",
            "\tGarbled  title\t\t\t",
            HEAD,
            *rows,
            "",
        ]
    )


def test_the_shipped_extraction_holds_eight_matrices_of_27_cells_and_its_prose():
    edition, problems = published.read(SHIPPED / DEFAULT_SOURCE)
    assert problems == []
    assert len(edition.cells) == 8 * 27
    assert {(c.matrix, c.level) for c in edition.cells} == {
        (m, level)
        for m in ("recovery-process", "best-practices")
        for level in ("Dependent/Unaware", "Dependent/Aware", "Independent/Aware", "Interdependent/Aware")
    }
    first = edition.cells[0]
    assert (first.perspective, first.column, first.line) == ("person", "Clinical Care", 345)
    assert first.text.startswith("Cannot identify personal needs; Uninformed of resource opportunities;")
    # The Best Practices tables carry their label last; level 3's none: the cells start where the header says.
    level3 = [c for c in edition.cells if c.matrix == "best-practices" and c.level == "Independent/Aware"]
    assert level3[0].text.startswith("Seeks out information from services") and level3[0].line == 405
    assert level3[-1].perspective == "community" and level3[-1].column == "Education"
    # Prose keeps its lines; of a table, only the header's names and the rows' labels are prose.
    lines = {line.line: line.text for line in edition.prose}
    assert lines[9] == "Introduction" and not any("\t" in t for t in lines.values())
    assert lines[345] == "Person's Status" and 341 not in lines  # of a table: its row label, not its heading
    assert [line.text for line in edition.prose if line.line == 344][:2] == [
        "Clinical Care",
        "Peer Support & Relationships",
    ]
    # Only the extraction's markup is taken off: marks, bullets, list numbers, bold, escapes.
    assert lines[85] == "*Dependent/Unaware" and lines[91] == "the degree of illness/distress experienced;"
    assert lines[192].startswith("Raising Awareness NIMHE is committed") and lines[209] == "Key Terms"


def test_rows_are_placed_by_the_header_and_labelled_first_or_last():
    labelled = extraction([f"Person's Status\t{ROW}", f"Clinicians' Roles\t{ROW}", f"Community Supports' Roles\t{ROW}"])
    edition, problems = published.parse(labelled, "x.txt")
    assert problems == [] and len(edition.cells) == 27
    assert [c.perspective for c in edition.cells[::9]] == ["person", "clinicians", "community"]
    assert edition.cells[0].text == "Statement 1a; Statement 1b." and edition.cells[0].line == 11
    assert edition.cells[0].level == "Dependent/Unaware" and edition.cells[0].matrix == "recovery-process"
    last = extraction(
        [f"{ROW}\tPerson's Best Practices"] * 1 + [f"{ROW}\tClinicians' Best Practices", f"{ROW}\t"],
        caption="Defines the current best practices that the person uses.",
    ).replace(HEAD, HEAD.removeprefix("\t"))
    edition, problems = published.parse(last, "x.txt")
    assert problems == [] and {c.matrix for c in edition.cells} == {"best-practices"}
    assert edition.cells[-1].text == "Statement 9a; Statement 9b."


def test_a_short_row_or_a_row_in_the_wrong_place_is_named_at_its_line():
    short = extraction(
        [f"Person's Status\t{ROW}", "Clinicians' Roles\tOnly one cell", f"Community Supports' Roles\t{ROW}"]
    )
    edition, problems = published.parse(short, "x.txt")
    assert edition is None
    assert [str(p) for p in problems] == ["x.txt:12: a recovery-process row of Dependent/Unaware without its 9 cells"]
    swapped = extraction([f"Clinicians' Roles\t{ROW}", f"Person's Status\t{ROW}", f"Community Supports' Roles\t{ROW}"])
    _, problems = published.parse(swapped, "x.txt")
    assert [p.line for p in problems] == [11, 12] and "not the person's" in problems[0].message


def test_text_that_is_not_the_extraction_is_refused(tmp_path):
    _, problems = published.parse("Just a letter.\nNo tables here.\n", "letter.txt")
    assert [str(p) for p in problems] == ["letter.txt: no matrix tables found: not the edition's text extraction?"]
    binary = tmp_path / "edition.txt"
    binary.write_bytes(b"\xff\xfe\x00")
    _, problems = published.read(binary)
    assert "not UTF-8 text" in problems[0].message
    _, problems = published.read(tmp_path / "missing.txt")
    assert "cannot read the published edition" in problems[0].message
