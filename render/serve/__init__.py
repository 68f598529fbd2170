"""Serve: the editors' and translators' workbench, a live preview of the build on 127.0.0.1.

The last stage: it runs the build and the proof as `watch` does, and shows what they made
(page pictures, fit, preflight, check findings, each language's entries) as web pages that
reload themselves after every rebuild.
"""
