"""The placeholder `opit new` writes for every value to fill in; validation refuses a file that
still holds one, and reading notes whether a file holds any."""

TODO = "TODO"
