"""The warehouse's base tables: columns, SQL types, and the rules an import must pass.

Documented for users in datasets/README.md (the data dictionary); keep the two in step.
"""

from __future__ import annotations

from dataclasses import dataclass

BUSINESS_LINES = (
    "domestic_flight", "intl_flight", "hotel", "intl_hotel",
    "train", "bus", "car_rental", "tickets",
)
CHANNELS = ("phone", "online_chat", "in_app", "private_domain", "outbound")
HANDLED_BY = ("bot", "agent")
MEMBER_TIERS = ("regular", "silver", "gold", "platinum", "black")
QA_RISK = ("low", "medium", "high")


@dataclass(frozen=True)
class Column:
    """One column: its SQL type, whether it may be empty, and the values it may take."""

    name: str
    sql: str  # DuckDB type
    nullable: bool = False
    choices: tuple[str, ...] | None = None
    low: float | None = None
    high: float | None = None
    required: bool = True  # must the column be present in an imported file?
    doc: str = ""


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    doc: str

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    def ddl(self) -> str:
        cols = ",\n  ".join(
            f"{c.name} {c.sql}{'' if c.nullable else ' NOT NULL'}" for c in self.columns
        )
        return f"CREATE TABLE IF NOT EXISTS {self.name} (\n  {cols}\n)"


ORDERS = Table(
    name="orders",
    key=("date", "business_line", "member_tier"),
    doc="Daily order volume by business line and member tier (a BI export's grain).",
    columns=(
        Column("date", "DATE", doc="order date"),
        Column("business_line", "VARCHAR", choices=BUSINESS_LINES),
        Column("member_tier", "VARCHAR", choices=MEMBER_TIERS),
        Column("orders", "BIGINT", low=0, doc="orders placed that day"),
    ),
)

CONTACTS = Table(
    name="contacts",
    key=("contact_id",),
    doc="One row per service contact (bot or agent, inbound or outbound).",
    columns=(
        Column("contact_id", "VARCHAR", doc="unique id of the contact"),
        Column("started_at", "TIMESTAMP", doc="when the contact started (local time)"),
        Column("business_line", "VARCHAR", choices=BUSINESS_LINES),
        Column("channel", "VARCHAR", choices=CHANNELS),
        Column("handled_by", "VARCHAR", choices=HANDLED_BY),
        Column("site", "VARCHAR", doc="service site, e.g. shanghai, kuala_lumpur"),
        Column("team", "VARCHAR", nullable=True, doc="agent team (empty for the bot)"),
        Column("agent_id", "VARCHAR", nullable=True, doc="agent (empty for the bot)"),
        Column("reason", "VARCHAR", doc="contact reason, e.g. refund, hotel_confirmation"),
        Column("order_ref", "VARCHAR", nullable=True, doc="order the contact is about"),
        Column("member_tier", "VARCHAR", nullable=True, choices=MEMBER_TIERS, required=False),
        Column("wait_s", "DOUBLE", low=0, doc="seconds waiting before a human/bot answered"),
        Column("handle_s", "DOUBLE", low=0, doc="talk + wrap seconds (0 if abandoned)"),
        Column("abandoned", "BOOLEAN", doc="customer left before being answered (outbound: not reached)"),
        Column("transferred", "BOOLEAN", doc="passed to another agent/skill (bot: handed to a human)"),
        Column("resolved", "BOOLEAN", doc="resolved in this contact"),
        Column("repeat_within_7d", "BOOLEAN", doc="same order contacted again within 7 days"),
        Column("csat", "TINYINT", nullable=True, low=1, high=5, doc="survey score 1-5"),
        Column("nps", "TINYINT", nullable=True, low=0, high=10, doc="likelihood to recommend 0-10"),
        Column("qa_risk", "VARCHAR", nullable=True, choices=QA_RISK, doc="real-time QA rating"),
        Column("outbound", "BOOLEAN", doc="outbound call (safety, itinerary change)"),
    ),
)

TABLES = {t.name: t for t in (ORDERS, CONTACTS)}

# Dimensions a metric can be sliced and filtered by, and which table holds each.
ORDER_DIMS = ("business_line", "member_tier")
CONTACT_DIMS = (
    "business_line", "member_tier", "channel", "handled_by", "site", "team", "agent_id", "reason",
)


def check_filters(filters) -> None:
    """Raise a clear error for an unknown dimension, or a value a fixed-choice dimension lacks."""
    from sixsigma.errors import unknown

    for dim, values in (filters or {}).items():
        if dim not in CONTACT_DIMS:
            raise unknown("dimension", dim, CONTACT_DIMS)
        choices = CONTACTS.column(dim).choices
        for v in [values] if isinstance(values, str) else list(values):
            if choices and str(v) not in choices:
                raise unknown(f"{dim} value", str(v), choices)
