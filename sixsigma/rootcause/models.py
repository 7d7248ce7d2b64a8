"""The root-cause records as pydantic models: Fishbone, IPO, C&E matrix, FMEA.

The models check each field (types, allowed sets, score ranges). Checks that span records
(unique ids, parents that exist, no cycles, known categories, references between files) are
in :mod:`sixsigma.rootcause.checks`, so a load reports every problem at once with its line.

Windows are half-open ``[start, end)`` like every date window in sixsigma (the warehouse
takes ``start`` inclusive and ``end`` exclusive).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator

from sixsigma.records import RecordModel, Window
from sixsigma.records import as_list as _as_list

STATUSES = ("candidate", "prioritized", "verified", "rejected")
Status = Literal["candidate", "prioritized", "verified", "rejected"]
TESTS = ("auto", "quasi_poisson", "poisson_rate", "quasi_binomial", "two_proportions", "chi_square", "anova")
INPUT_KINDS = ("controllable", "noise", "sop")

#: The 6M categories (id, label) a fishbone uses unless it lists its own.
SIX_M = (
    ("people", "People"),
    ("machine", "Machine / system"),
    ("method", "Method / process"),
    ("material", "Material / information"),
    ("measurement", "Measurement"),
    ("environment", "Environment"),
)

Id = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$", max_length=80)]
Score10 = Annotated[int, Field(ge=1, le=10)]


class Record(RecordModel):
    """Base of every root-cause record model (see :class:`sixsigma.records.RecordModel`)."""


class DataLink(Record):
    """How a cause is expressed in the warehouse, and so which test verifies it.

    ``metric`` is a catalog metric (the Y, or a Y the X acts through); ``filters`` narrow it
    (they extend the fishbone effect's filters); ``dimension`` is the warehouse column that
    expresses the X and ``level`` the value of it that is suspected (no level: the dimension
    as a whole, e.g. AHT by team). ``reference`` and ``problem`` windows compare before/after
    (rate and proportion tests); ``window`` is the one period a split-by-dimension test uses.
    ``direction`` is the move of the X's rate that would explain the effect ("up" for a cause
    of a worsening manual CPO); by default the worsening direction of ``metric``.
    """

    metric: str
    filters: dict[str, list[str]] = Field(default_factory=dict)
    dimension: str | None = None
    level: str | None = None
    test: Literal["auto", "quasi_poisson", "poisson_rate", "quasi_binomial", "two_proportions",
                  "chi_square", "anova"] = Field(
        "auto", exclude_if=lambda v: v == "auto")
    reference: Window | None = None
    problem: Window | None = None
    window: Window | None = None
    direction: Literal["up", "down", "either"] | None = None
    alpha: float = Field(0.05, gt=0, lt=0.5, exclude_if=lambda v: v == 0.05)
    min_effect: float | None = Field(None, ge=0)

    _filters_as_list = field_validator("filters", mode="before")(_as_list)

    @field_validator("test", mode="before")
    @classmethod
    def _test_spelling(cls, value):
        """``poisson-rate`` (the registry's spelling) is the record's ``poisson_rate``."""
        return value.replace("-", "_") if isinstance(value, str) else value

    @model_validator(mode="after")
    def _consistent(self):
        if self.level is not None and self.dimension is None:
            raise ValueError("a level needs the dimension it belongs to (add dimension: ...)")
        if (self.reference is None) != (self.problem is None):
            raise ValueError("give both reference and problem windows, or neither")
        return self


class Evidence(Record):
    """What a verification found: the test, its numbers, the data window and the outcome."""

    date: dt.date
    test: str
    outcome: Literal["verified", "rejected"]
    conclusion: str
    statistic: float | None = None
    statistic_name: str | None = None
    p_value: float | None = None
    effect: float | None = None
    effect_name: str | None = None
    alpha: float | None = None
    window: str | None = None
    data: dict[str, float | int | str | None] = Field(default_factory=dict)


class Cause(Record):
    """One X on the fishbone. A top-level cause names its category; a sub-cause its parent."""

    id: Id
    text: str = Field(min_length=1)
    category: str | None = None
    parent: str | None = None
    owner: str | None = None
    status: Status = "candidate"
    reason: str | None = None
    tags: list[str] = Field(default_factory=list)
    data_link: DataLink | None = None
    evidence: list[Evidence] = Field(default_factory=list)

    @model_validator(mode="after")
    def _placed(self):
        if self.category is None and self.parent is None:
            raise ValueError("a cause needs a category (top level) or a parent (sub-cause)")
        return self


class Effect(Record):
    """The Y at the fishbone's head: words, and the metric + filters that measure it."""

    text: str
    metric: str | None = None
    filters: dict[str, list[str]] = Field(default_factory=dict)

    _filters_as_list = field_validator("filters", mode="before")(_as_list)


class Category(Record):
    id: Id
    label: str


def _six_m() -> list[Category]:
    return [Category(id=i, label=label) for i, label in SIX_M]


class Fishbone(Record):
    """An Ishikawa diagram: the effect, its categories (6M by default) and a flat cause list.

    Causes nest through ``parent`` (any depth); a flat list keeps git diffs to one line per
    change and makes a move a one-line edit.
    """

    effect: Effect
    categories: list[Category] = Field(default_factory=_six_m)
    causes: list[Cause] = Field(default_factory=list)

    def cause(self, cause_id: str) -> Cause:
        from sixsigma.errors import unknown

        for c in self.causes:
            if c.id == cause_id:
                return c
        raise unknown("cause", cause_id, [c.id for c in self.causes] or ["(no causes yet)"])

    def category_of(self, cause_id: str) -> str:
        """The category a cause sits in (inherited from its top-level ancestor)."""
        by_id = {c.id: c for c in self.causes}
        seen = set()
        c = by_id[cause_id]
        while c.category is None and c.parent in by_id and c.id not in seen:
            seen.add(c.id)
            c = by_id[c.parent]
        return c.category or ""


class IPOInput(Record):
    name: str
    kind: Literal["controllable", "noise", "sop"]
    cause: str | None = None  # a fishbone cause id: the two analyses share their Xs


class IPOOutput(Record):
    name: str
    metric: str | None = None


class IPOStep(Record):
    id: Id
    name: str
    inputs: list[IPOInput] = Field(default_factory=list)
    outputs: list[IPOOutput] = Field(default_factory=list)


class IPO(Record):
    """Input-process-output analysis: steps in order, each with its Xs and Ys."""

    process: str
    steps: list[IPOStep] = Field(default_factory=list)


class CEOutput(Record):
    id: Id
    name: str
    weight: int = Field(ge=1, le=10)


class CEInput(Record):
    id: Id
    name: str
    step: str | None = None
    cause: str | None = None
    scores: dict[str, Literal[0, 1, 3, 9]] = Field(default_factory=dict)


class CEMatrix(Record):
    """Cause-and-effect matrix: outputs weighted 1-10, inputs scored 0/1/3/9 per output."""

    outputs: list[CEOutput]
    inputs: list[CEInput] = Field(default_factory=list)


class Revised(Record):
    severity: Score10
    occurrence: Score10
    detection: Score10


class FMEARow(Record):
    id: Id
    step: str
    failure_mode: str
    effect: str
    severity: Score10
    cause: str
    cause_id: str | None = None
    occurrence: Score10
    controls: str = ""
    detection: Score10
    action: str | None = None
    owner: str | None = None
    revised: Revised | None = None

    @property
    def rpn(self) -> int:
        """Risk priority number S x O x D (AIAG FMEA 4th ed.)."""
        return self.severity * self.occurrence * self.detection


class FMEA(Record):
    """Process FMEA: failure modes with severity, occurrence, detection (each 1-10)."""

    process: str
    rows: list[FMEARow] = Field(default_factory=list)


#: Record file name -> model, in the order a project loads them.
RECORD_FILES: dict[str, type[Record]] = {
    "fishbone.yaml": Fishbone,
    "ipo.yaml": IPO,
    "ce_matrix.yaml": CEMatrix,
    "fmea.yaml": FMEA,
}
