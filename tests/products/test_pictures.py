"""Pictures of the print: page 1 of every product (English, Polish and Urdu drafts, large
print), rendered by poppler at low resolution and compared with the references in
tests/products/pictures/ within a tolerance.

A page that changed fails and leaves a picture beside the references, in
tests/products/pictures/changed/: the reference, the new page, and the pixels that differ
in red. After a deliberate change, `make pictures` makes the references again.
"""

from __future__ import annotations

import io
import os
import subprocess
from pathlib import Path

import pytest
from PIL import Image, ImageChops

from tests.helpers import DRAFTED_MINI, MINI, MM, build, mini_drafts, mini_large_print, shared_folder

PICTURES = Path(__file__).parent / "pictures"
CHANGED = PICTURES / "changed"
PRODUCTS = (
    "poster",
    *(f"card-level-{n}" for n in range(1, 5)),
    "booklet",
    *(f"leaflet-{p}" for p in ("person", "clinicians", "community")),
)
DPI = {"poster": 10}  # about 330 x 470 px; the rest at 30 dpi (an A4 page is 248 x 351 px)
LEVELS = 48  # a pixel differs when its grey moves more than this (anti-aliasing moves less)
TOLERANCE = 0.004  # the share of a page's pixels that may differ
UPDATE = bool(os.environ.get("UPDATE_PICTURES"))

# The drafts and large print are pictured from the small data set's builds that the validators
# check (a product of each layout as Polish and Urdu drafts; large print: a card, set in one
# column as a leaflet is, the booklet and a leaflet): the same templates and styles as the
# shipped data's, in each script, at a fraction of the cost (scripts/language_matrix.py builds
# and checks every product of the shipped data in every language).
LARGE = ("card-level-1", "booklet", "leaflet-clinicians")
FORMS = {  # form: (folder in its build, the products pictured)
    "en": ("en", PRODUCTS),
    "pl-draft-small": ("pl", DRAFTED_MINI),
    "ur-draft-small": ("ur", DRAFTED_MINI),
    "en-large-print-small": ("en/large-print", LARGE),
}


@pytest.fixture(scope="session")
def builds(tmp_path_factory, english_build) -> dict[str, Path]:
    """Each form's build folder: English is the slow tests' build; the rest, the validators' (made once)."""
    base = tmp_path_factory.getbasetemp()
    drafts = mini_drafts(base)
    return {
        "en": english_build,
        "pl-draft-small": drafts,
        "ur-draft-small": drafts,
        "en-large-print-small": mini_large_print(base),
    }


def page_one(pdf: Path, dpi: int) -> Image.Image:
    """Page 1 of a PDF as poppler draws it, in grey."""
    done = subprocess.run(
        ["pdftoppm", "-f", "1", "-l", "1", "-r", str(dpi), "-gray", "-png", str(pdf)], capture_output=True, check=True
    )
    return Image.open(io.BytesIO(done.stdout)).convert("L")


def differing(reference: Image.Image, page: Image.Image) -> tuple[float, Image.Image]:
    """The share of pixels that differ, and a mask of them."""
    mask = ImageChops.difference(reference, page).point(lambda v: 255 if v > LEVELS else 0)
    changed = mask.histogram()[255]
    return changed / (page.width * page.height), mask


def diff_picture(reference: Image.Image, page: Image.Image, mask: Image.Image) -> Image.Image:
    """Reference, new page, and the new page with what differs in red, side by side."""
    marked = Image.merge("RGB", (page, page, page))
    marked.paste((220, 0, 0), mask=mask)
    out = Image.new("RGB", (page.width * 3 + 20, page.height), "white")
    for i, picture in enumerate((reference.convert("RGB"), page.convert("RGB"), marked)):
        out.paste(picture, (i * (page.width + 10), 0))
    return out


@pytest.mark.slow
@pytest.mark.parametrize(
    "form, product",
    [(f, p) for f, (_, products) in FORMS.items() for p in products],
)
def test_page_one_looks_as_it_did(builds, form, product):
    folder, _ = FORMS[form]
    page = page_one(builds[form] / folder / f"{product}.pdf", DPI.get(product, 30))
    looks_as_it_did(f"{form}-{product}.png", page)


def looks_as_it_did(name: str, page: Image.Image) -> None:
    """A picture against its reference (made again under `make pictures`)."""
    reference_file = PICTURES / name
    if UPDATE:
        PICTURES.mkdir(exist_ok=True)
        page.save(reference_file, optimize=True)
        return
    assert reference_file.is_file(), f"no reference picture {reference_file}: run `make pictures`"
    reference = Image.open(reference_file).convert("L")
    if reference.size != page.size:
        pytest.fail(f"{name}: page 1 is {page.size} px, the reference {reference.size} (a new page size?)")
    share, mask = differing(reference, page)
    if share > TOLERANCE:
        CHANGED.mkdir(exist_ok=True)
        diff_picture(reference, page, mask).save(CHANGED / name)
        pytest.fail(
            f"{name}: {share:.2%} of the picture changed (tolerance {TOLERANCE:.1%}); see {CHANGED / name}; "
            "if the change is meant, run `make pictures`"
        )


# The longest card foot of the registry's languages and pseudo-locales: en-XA's (the small data
# set has no running_title, so its foot carries the whole title, longer still than the shipped
# data's): it wraps, clear of the folio in the inline-end corner.
LONGEST_FOOT = "en-XA"
FOOT_MM = 16  # the strip of the page above the trim's foot pictured


@pytest.fixture(scope="session")
def longest_foot(tmp_path_factory) -> Path:
    make = lambda out: build(MINI, out, products=("card-level-1",), langs=(LONGEST_FOOT,), draft=True)  # noqa: E731
    return shared_folder(tmp_path_factory.getbasetemp(), "longest-foot", make) / LONGEST_FOOT / "card-level-1.pdf"


def test_the_longest_card_foot_wraps_clear_of_the_folio(longest_foot):
    import pdfplumber

    with pdfplumber.open(longest_foot) as pdf:
        page = pdf.pages[0]
        x0, _, x1, bottom = (float(v) for v in page.trimbox)
        foot = [w for w in page.extract_words() if bottom - FOOT_MM * MM < w["bottom"] < bottom and w["x0"] >= x0]
    folio = [w for w in foot if w["x0"] > x0 + (x1 - x0) * 0.85]
    words = [w for w in foot if w not in folio]
    assert "".join(w["text"] for w in folio) == "1/2", folio
    assert len({round(w["top"]) for w in words}) == 2, words  # the foot wraps to a second line
    gap = min(w["x0"] for w in folio) - max(w["x1"] for w in words)
    assert gap > 5 * MM, f"the foot ends {gap / MM:.1f} mm from the folio"
    picture = page_one(longest_foot, 60)
    strip = picture.crop((0, picture.height - round(FOOT_MM * 60 / 25.4) - 20, picture.width, picture.height - 20))
    looks_as_it_did(f"foot-{LONGEST_FOOT}-card-level-1.png", strip)


def test_a_changed_page_is_found_and_pictured(tmp_path):
    # the comparison itself: a line of text moved on a page is over the tolerance
    page = Image.new("L", (200, 280), 255)
    moved = page.copy()
    for x in range(20, 180):
        for y in range(40, 46):
            page.putpixel((x, y), 0)
            moved.putpixel((x, y + 12), 0)
    share, mask = differing(page, moved)
    assert share > TOLERANCE and mask.histogram()[255] == 2 * 160 * 6
    assert differing(page, page.copy())[0] == 0
    picture = diff_picture(page, moved, mask)
    assert picture.size == (620, 280) and picture.getpixel((2 * 210 + 30, 55)) == (220, 0, 0)
