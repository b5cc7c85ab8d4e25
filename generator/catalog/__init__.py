"""Catalog: valid models into one Catalog with every reference resolved.

Takes the valid content. Gives the Catalog (catalog.py: indexes by theme, organisation and
series, related entries, reference checks), load() that runs read, validate and catalog in one
call (load.py), the references and names every later stage shows (references.py), the
content's dates (dates.py), and the URL of every page and open-data file (urls.py,
data_urls.py).

May import validate and what validate may import.
"""
