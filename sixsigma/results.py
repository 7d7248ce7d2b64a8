"""Conventions shared by every result object (see DESIGN.md).

A result is a frozen dataclass holding tidy DataFrames and scalars. It offers ``summary()``
(plain language), ``to_dict()`` (JSON-safe, exactly what ``--json`` prints) and
``_repr_html_()`` (figure + summary in a notebook). Analysis modules never import plotly:
a result names its figure builder as ``"module:function"`` and it is imported on demand.
"""

from __future__ import annotations

import datetime as _dt
import html
import importlib
import json
import math
from typing import Any, ClassVar

import numpy as np
import pandas as pd


def fmt_p(p: float | None) -> str:
    """'p < 0.001' or 'p = 0.034' (three decimals, as a belt-holder reads it)."""
    if p is None or not np.isfinite(p):
        return "p not available"
    return "p < 0.001" if p < 0.001 else f"p = {p:.3f}"


def jsonable(obj: Any) -> Any:
    """Convert numpy/pandas values, NaN and timestamps into plain JSON-safe Python values.

    A number is always finite or ``None`` (JSON ``null``): NaN and +-inf never reach the
    output, neither as JSON's non-standard ``NaN``/``Infinity`` tokens nor as strings. A
    ``null`` stands for a value that is undefined or unbounded (the open end of a one-sided
    interval, the sigma level of a zero-defect process); the result's summary says which.
    """
    if obj is None or isinstance(obj, (bool, str)):
        return obj
    if isinstance(obj, (int, np.integer)) and not isinstance(obj, bool):
        return int(obj)
    if isinstance(obj, np.bool_):
        return bool(obj)
    if isinstance(obj, (float, np.floating)):
        f = float(obj)
        return f if math.isfinite(f) else None
    if isinstance(obj, pd.Timestamp):
        if pd.isna(obj):
            return None
        return obj.date().isoformat() if obj == obj.normalize() else obj.isoformat()
    if isinstance(obj, (_dt.datetime, _dt.date)):
        return obj.isoformat()
    if isinstance(obj, np.datetime64):
        return jsonable(pd.Timestamp(obj))
    if obj is pd.NaT:
        return None
    if isinstance(obj, pd.DataFrame):
        return [jsonable(r) for r in obj.to_dict(orient="records")]
    if isinstance(obj, pd.Series):
        return [jsonable(v) for v in obj.tolist()]
    if isinstance(obj, np.ndarray):
        return [jsonable(v) for v in obj.tolist()]
    if isinstance(obj, dict):
        return {str(k): jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple, set, frozenset)):
        return [jsonable(v) for v in obj]
    if hasattr(obj, "to_dict") and callable(obj.to_dict):
        return jsonable(obj.to_dict())
    try:
        if pd.isna(obj):
            return None
    except (TypeError, ValueError):
        pass
    return str(obj)


def non_finite(obj: Any, path: str = "") -> list[str]:
    """Paths (``"ci[1]"``, ``"groups[0].sd"``) of every NaN or infinite float in ``obj``.

    The check behind the promise that printed results hold only finite numbers; ``obj`` is
    what ``to_dict()`` returns (dicts, lists, scalars).
    """
    if isinstance(obj, (float, np.floating)):
        return [] if math.isfinite(float(obj)) else [path or "(value)"]
    if isinstance(obj, dict):
        return [p for k, v in obj.items() for p in non_finite(v, f"{path}.{k}" if path else str(k))]
    if isinstance(obj, (list, tuple)):
        return [p for i, v in enumerate(obj) for p in non_finite(v, f"{path}[{i}]")]
    return []


def dumps(obj: Any, **kwargs) -> str:
    """JSON text of ``obj`` (via :func:`jsonable`); strict: never a NaN/Infinity token."""
    return json.dumps(jsonable(obj), allow_nan=False, **kwargs)


PLOTLY_MIME = "application/vnd.plotly.v1+json"


def figure_bundle(fig) -> dict[str, Any]:
    """The notebook display bundle of a Plotly figure, complete in itself.

    ``application/vnd.plotly.v1+json`` (the figure as JSON, which JupyterLab, Notebook 7, VS Code
    and nteract draw with their own plotly.js, offline) plus a ``text/html`` fallback for other
    frontends that loads plotly.js itself from the CDN; no output relies on another one having
    loaded the library, so every figure shows when a saved notebook is reopened, and a figure
    costs its JSON, not a 4.8 MB copy of plotly.js.
    """
    import plotly.io as pio

    return {
        PLOTLY_MIME: json.loads(pio.to_json(fig, validate=False, remove_uids=False)),
        "text/html": fig.to_html(full_html=False, include_plotlyjs="cdn"),
        "text/plain": f"<Plotly figure: {fig.layout.title.text or 'untitled'}>",
    }


class ResultMixin:
    """Shared behaviour of result dataclasses: summary, to_dict, notebook display."""

    figure_builder: ClassVar[str | None] = None  # "sixsigma.plots.module:function"

    def summary(self) -> str:  # pragma: no cover - every result overrides
        raise NotImplementedError

    def to_dict(self) -> dict:  # pragma: no cover - every result overrides
        raise NotImplementedError

    def figure(self):
        """The Plotly figure for this result (imports the plotting layer on demand)."""
        if not self.figure_builder:
            return None
        module, func = self.figure_builder.split(":")
        return getattr(importlib.import_module(module), func)(self)

    def _summary_html(self) -> str:
        text = html.escape(self.summary()).replace("\n", "<br>")
        return f"<p class='sixsigma-summary'>{text}</p>"

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict[str, Any]:
        """One bundle: the figure as Plotly's mime type, an HTML fallback (figure + summary) and
        the summary as plain text (see :func:`figure_bundle`)."""
        fig = self.figure()
        bundle = figure_bundle(fig) if fig is not None else {}
        bundle["text/html"] = "\n".join([*([bundle["text/html"]] if bundle else []), self._summary_html()])
        bundle["text/plain"] = self.summary()
        return bundle

    def _ipython_display_(self) -> None:
        """In IPython: the figure, then the summary, as two outputs, so a frontend that draws
        the Plotly mime type (and so hides the HTML fallback) shows the summary too."""
        from IPython.display import display

        fig = self.figure()
        if fig is not None:
            display(figure_bundle(fig), raw=True)
        display({"text/html": self._summary_html(), "text/plain": self.summary()}, raw=True)

    def _repr_html_(self) -> str:
        """The HTML fallback of :meth:`_repr_mimebundle_` (figure via the CDN, summary)."""
        return self._repr_mimebundle_()["text/html"]

    def __str__(self) -> str:
        return self.summary()
