"""Compose: from the model to laid-out pages; the only stage that uses WeasyPrint (lazily).

Takes: the Framework, a Job, a Localiser and the Paths (the theme's templates and styles, the fonts).
Gives: HTML, a Rendered layout (boxes to measure and check) and its PDF bytes; the largest
body size of each flow that fits its pages, and the page count of a product's form.

- html: Jinja on the theme's search path, matrix column widths, stylesheet layers
- engine: WeasyPrint, with a URL fetcher that reads only the project's folders
- composer: one build's layout service (model, look, fonts, engine, measurements)
- fitter, fit, paginate: body sizes, the fitting search, matrix rows broken over pages
- fonts: the declared font files, glyph coverage; audit: the layout's own checks
- checked: `check`, the data, the look and the catalogues validated, then the lint
"""

from .composer import Composer, Measures

__all__ = ["Composer", "Measures"]
