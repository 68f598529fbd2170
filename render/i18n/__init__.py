"""i18n: every visible string as a gettext message, the catalogues, and the localiser.

Takes: the Framework and Products (source), the catalogue folders (Paths.strings).
Gives: the template (POT) and merged catalogues as bytes for the writer, each
language's translations, per-language status, pseudo-locales, and the Localiser,
through which every text passes on its way to a template.

- catalogues: extract, update, load, status (Babel's PO reader and writer)
- localise: the Localiser (records what it was asked for and what was missing)
- pseudo: en-XA and ar-XB, for layout testing
"""

from .localise import Localiser

__all__ = ["Localiser"]
