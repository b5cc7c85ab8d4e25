"""Search: a Pagefind index of the built site's entry pages.

Takes the HTML site. Gives pagefind/ with one index per language, merged; the search page's own
script is in render/assets.

May import builders and what builders may import.
"""
