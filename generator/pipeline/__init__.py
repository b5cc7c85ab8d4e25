"""Pipeline: the whole build, from a content folder to a finished site, atomically.

Takes a valid Catalog, the SiteConfig and an output folder. Gives a BuildReport, after running
render, the builder, Pagefind and the open-data export in a work folder beside the output and
swapping the result into place (build.py, atomic.py), or a BuildError naming the failed step and
leaving the output as it was. messages.py words the outcome for the CLI; linkcheck.py checks
the internal links of a built site. (It is not called `build`, so that `generator.build`, the
library function, stays a function.)

May import every stage before it.
"""
