"""Press: from a rendered PDF to the files a print shop (or a screen) takes, and the checks on them.

Takes: WeasyPrint's PDF bytes of a job, the output intent (ICC profile) and the slug's PDF.
Gives: PDF/X-4 press files (CMYK output intent, exact boxes, crop marks and slug outside
the bleed), imposed printer's forms, and preflight Reports; pictures of pages.

- finish: the PDF/X-4 finish (pikepdf); impose: saddle-stitched spreads on the sheet
- output: one job's press finish, audit and preflight, and its slug text
- preflight: a print shop's checks, each finding naming its check and page
- pdfscan: a small content-stream reader (text sizes, colours, images, fonts)
- audit: what this project promises of its own PDFs beyond preflight
- raster: page pictures with poppler
"""
