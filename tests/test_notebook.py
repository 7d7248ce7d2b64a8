"""The example notebook runs top to bottom on the demo warehouse (the quarter-volume test build)."""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
NOTEBOOK = REPO / "examples" / "walkthrough.ipynb"


def test_walkthrough_notebook_executes(demo_warehouse, monkeypatch):
    import nbclient  # dev dependencies: nbclient, nbformat, ipykernel
    import nbformat

    monkeypatch.setenv("SIXSIGMA_WAREHOUSE", str(demo_warehouse))
    monkeypatch.setenv("SIXSIGMA_PROJECTS", str(REPO / "projects"))
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(nb, timeout=600, kernel_name="python3",
                                     resources={"metadata": {"path": str(NOTEBOOK.parent)}})
    client.execute(env=dict(os.environ))
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    text = "\n".join(o.get("text", "") for o in outputs if o.get("output_type") == "stream")
    assert "Lognormal" in text or "capability" in text.lower()
    assert "lower than Q4 2023" in text  # the Poisson test's conclusion
    assert "Fishbone for" in text
    html = [o for o in outputs if "text/html" in o.get("data", {})]
    assert len(html) >= 4  # chart, tables, fishbone, the report slice render as HTML
