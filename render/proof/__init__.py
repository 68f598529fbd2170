"""Proof: pictures of every page of a build on one HTML sheet, and what changed since another build.

Takes: a build folder (build-report.json and the PDFs it lists), and optionally a
previous one. Gives: OUT/proof/ (a PNG per page, index.html, before | after pictures of
changed pages) and the README's first-page pictures. It never renders: it reads PDFs.

- sheet: the proof of a build and its sheet; compare: pixel comparison of pages
"""
