"""Open data: the Catalog as files beside the pages.

Takes the Catalog and the SiteConfig. Gives the JSON and CSV API under api/v1/
(export_models.py, export_records.py, export_csv.py), Atom feeds (feeds.py), the DCAT-AP
catalogue (dcat.py) and the list of datasets (datasets.py); export.py writes them all.

May import render and what render may import.
"""
