"""Intake: how entries come in: `opit new` (scaffold.py), `opit from-issue` (from_issue.py,
reading an issue form's body with issue_body.py and its answers with answer_values.py), and the
pull-request summary that CI posts (ci_summary.py).

Takes issue forms, answers and git. Gives entry files and reports. May import read, validate and
catalog (and what they may import); no build stage imports intake.
"""
