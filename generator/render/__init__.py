"""Render: the Catalog into a plain docs tree that any builder accepts.

Takes the Catalog and the SiteConfig. Gives a folder of Markdown files, one per page, each a small
front matter (title, table of contents, the page's layout as an `opit` key) and one block of
finished HTML: contributed text sanitised once, front-matter values escaped, Opit's own `opit-`
classes only. Also the page head (metadata.py), the Content-Security-Policy (csp.py), the
interface text of each language (i18n.py, i18n/), the static pages (templates/) and the CSS and
JS (assets/). tests/fixtures/expected_docs is this stage's contract.

May import catalog and what catalog may import. Nothing here knows the builder or its theme
(tests/test_layout.py).
"""
