"""Read: the files under content/ into documents, and contributed Markdown into HTML once.

Takes a content folder. Gives each file's front matter as YAML nodes that keep every value's
line and column (positions.py), after the file checks (text_files.py: size, encoding, symlinks,
front-matter fences) and the folder walk (content_folder.py); and markup.to_html, the one
conversion of a story to sanitised HTML, with GitHub's rules (gfm.py) and the limits that keep a
Markdown bomb from running (mdlimits.py). As Pelican's readers do, reading includes converting.

May import system, config, diagnostics, errors and schemas.
"""
