"""The example notebook runs top to bottom on the demo warehouse (the quarter-volume test build);
saved and reopened, every figure output carries what it needs to draw, and the file stays small."""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
NOTEBOOK = REPO / "examples" / "walkthrough.ipynb"


def test_walkthrough_notebook_executes(demo_warehouse, monkeypatch, tmp_path):
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

    # Saved and reopened: every figure is its own output with Plotly's mime type (figure JSON
    # that JupyterLab and VS Code draw natively) and an HTML fallback that loads plotly.js
    # itself; no output leans on plotly.js embedded by another (as the first figure's did, 4.8
    # MB, leaving the others blank once that cell was re-run or the notebook reopened).
    saved = tmp_path / "walkthrough.ipynb"
    nbformat.write(nb, saved)
    reopened = nbformat.read(saved, as_version=4)
    nbformat.validate(reopened)
    outputs = [o for c in reopened.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    figures = [o["data"] for o in outputs if "application/vnd.plotly.v1+json" in o.get("data", {})]
    assert len(figures) == 3  # the control chart, the fishbone, the report's KPI slice
    for data in figures:
        fig = data["application/vnd.plotly.v1+json"]
        assert fig["data"] and fig["layout"]["title"]["text"]
        page = data["text/html"]
        assert "Plotly.newPlot" in page and '<script charset="utf-8" src="https://cdn.plot.ly/plotly-' in page
    # Only figure outputs draw with Plotly; each summary follows its figure as text.
    drawn = [o for o in outputs if "Plotly.newPlot" in o.get("data", {}).get("text/html", "")]
    assert len(drawn) == len(figures)
    summaries = [o["data"]["text/plain"] for o in outputs if "sixsigma-summary" in o.get("data", {}).get("text/html", "")]
    assert any(t.startswith("Fishbone for") for t in summaries) and len(summaries) == 3
    text = saved.read_text()
    assert "plotly.js v" not in text  # no copy of the library in the notebook
    # About 0.2 MB executed (it was 5.1 MB with plotly.js embedded in the first figure).
    assert saved.stat().st_size < 1_000_000
