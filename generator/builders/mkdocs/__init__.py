"""The MkDocs builder: every detail of MkDocs and Material lives here.

site.py writes mkdocs.yml from site_config.yml, shards.py builds large sites in parallel shards
and merges their sitemaps, mkdocs_hooks.py hands each page's finished HTML to the theme unparsed
and adds the Content-Security-Policy, theme/ overrides Material's templates, and builder.py runs
MkDocs 1.6.1 or ProperDocs (its maintained continuation) on the same files.
"""
