"""The operating system, as every stage needs it: child processes that stop with Opit
(children.py) and file writes whose errors name their file (files.py).

Takes nothing of Opit's and imports nothing of Opit's; every stage may import it.
"""
