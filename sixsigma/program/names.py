"""Names the program's fast paths use without importing the project model (which loads the
catalog and pandas): copies of :mod:`sixsigma.dmaic.models`' ladder and phases, kept equal
by ``tests/program/test_index.py::test_names_match_the_project_model``."""

from __future__ import annotations

# sixsigma.dmaic.models.BELTS (lowest first) and PHASES; STAGES adds "closed"
BELTS = ("associate_blue", "blue", "associate_green", "green", "black", "master_black")
PHASES = ("define", "measure", "analyze", "improve", "control")
STAGES = (*PHASES, "closed")
