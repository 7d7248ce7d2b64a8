"""The program around the projects: the portfolio index, the belt ladder, the benefits.

- :mod:`~sixsigma.program.index`: one row per project folder in a DuckDB cache, refreshed by
  file modification time and size, so ``project list`` over 1,000 projects re-reads only the
  folders that changed; filters and sorts run in SQL.
- :mod:`~sixsigma.program.belts`: the roster of belt-holders and the certification rules
  (both data), checked against the projects' evidence.
- :mod:`~sixsigma.program.benefits`: a closed project's change turned into contacts (and agent
  hours) avoided per month, with its interval, rolled up by year, business line and belt.
- :mod:`~sixsigma.program.demo`: a generated ten-year portfolio at the center's scale.
- :mod:`~sixsigma.program.report`: the monthly report's portfolio section at that scale.

Importing this package loads nothing heavy; each module imports what it needs.
"""
