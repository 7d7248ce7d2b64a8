"""The cause index: every project's fishbone causes and their evidence as warehouse tables.

The YAML records stay the source of truth (:func:`sixsigma.rootcause.index.cause_frames`);
``rebuild_cause_index`` replaces the tables ``causes`` and ``cause_evidence`` through the
warehouse's generic write (:func:`sixsigma.warehouse.tables.replace_tables`, one transaction:
a failure leaves the old index), and ``verified_by_category`` answers the portfolio question
"which cause categories are verified most often".
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

CAUSES_DDL = """
CREATE OR REPLACE TABLE causes (
  project VARCHAR NOT NULL, cause_id VARCHAR NOT NULL, parent VARCHAR, category VARCHAR NOT NULL,
  category_label VARCHAR, depth INTEGER NOT NULL, text VARCHAR NOT NULL, owner VARCHAR,
  status VARCHAR NOT NULL, reason VARCHAR, tags VARCHAR[], metric VARCHAR, dimension VARCHAR,
  level VARCHAR, n_evidence INTEGER NOT NULL, effect VARCHAR, effect_metric VARCHAR,
  PRIMARY KEY (project, cause_id)
)"""
EVIDENCE_DDL = """
CREATE OR REPLACE TABLE cause_evidence (
  project VARCHAR NOT NULL, cause_id VARCHAR NOT NULL, seq INTEGER NOT NULL, date DATE NOT NULL,
  test VARCHAR NOT NULL, statistic_name VARCHAR, statistic DOUBLE, p_value DOUBLE,
  effect_name VARCHAR, effect DOUBLE, alpha DOUBLE, "window" VARCHAR, outcome VARCHAR NOT NULL,
  conclusion VARCHAR,
  PRIMARY KEY (project, cause_id, seq)
)"""
BY_CATEGORY = """
SELECT category,
       any_value(category_label) AS label,
       count(*) AS causes,
       count(*) FILTER (WHERE status = 'verified') AS verified,
       count(*) FILTER (WHERE status = 'rejected') AS rejected,
       count(*) FILTER (WHERE status IN ('verified', 'rejected')) AS tested,
       count(*) FILTER (WHERE status = 'verified')
         / nullif(count(*) FILTER (WHERE status IN ('verified', 'rejected')), 0) AS verified_share,
       count(DISTINCT project) AS projects,
       count(DISTINCT project) FILTER (WHERE status = 'verified') AS projects_verified
FROM causes
GROUP BY category
ORDER BY verified DESC, verified_share DESC NULLS LAST, category
"""


def rebuild_cause_index(target, root: str | Path | None = None) -> dict[str, int]:
    """Rebuild ``causes`` and ``cause_evidence`` from every project's YAML under ``root``.

    ``target`` is a ``Warehouse`` (writable) or a DuckDB path. Returns the row counts.
    """
    from sixsigma.rootcause.index import cause_frames
    from sixsigma.warehouse.tables import replace_tables

    causes, evidence = cause_frames(root)  # records are read and checked before any SQL runs
    replace_tables(target, {"causes": (CAUSES_DDL, causes), "cause_evidence": (EVIDENCE_DDL, evidence)},
                   what="the cause index")
    return {"projects": int(causes["project"].nunique()), "causes": len(causes), "evidence": len(evidence)}


def verified_by_category(target) -> pd.DataFrame:
    """Per cause category (across projects): causes, verified, rejected, verified share, projects.

    Ordered by the number verified, then the verified share. Needs a built index.
    """
    from sixsigma.warehouse.tables import read_query

    return read_query(target, BY_CATEGORY, needs="causes",
                      missing="no cause index in the warehouse; run `sixsigma rootcause index` first")
