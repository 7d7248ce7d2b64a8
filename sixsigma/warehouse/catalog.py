"""The metric catalog: every KPI of DOMAIN.md as a declarative definition.

A metric is numerator / denominator per period and slice. Numerators (and contact-based
denominators) are SQL aggregate expressions over ``contacts``; a denominator of ``orders``
is the summed order volume of the same period and slice. ``kind`` decides the chart:
rate per unit -> Laney u', proportion -> Laney p', mean or score -> I-MR.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from sixsigma.errors import unknown

ORDERS_DENOMINATOR = "orders"


@dataclass(frozen=True)
class Metric:
    name: str
    label: str
    unit: str
    numerator: str  # SQL aggregate over contacts
    denominator: str  # SQL aggregate over contacts, or "orders"
    kind: Literal["rate", "proportion", "mean", "score"]
    better: Literal["up", "down"]
    chart: Literal["laney-u", "laney-p", "imr"]
    description: str
    scale: float = 1.0  # value = scale * numerator / denominator

    @property
    def per_order(self) -> bool:
        return self.denominator == ORDERS_DENOMINATOR


def _count(cond: str) -> str:
    return f"count(*) FILTER (WHERE {cond})"


AGENT_IN = "handled_by = 'agent' AND NOT outbound"
OFFERED = "handled_by = 'agent' AND NOT outbound AND channel IN ('phone', 'online_chat', 'in_app', 'private_domain')"
PHONE_OFFERED = "handled_by = 'agent' AND NOT outbound AND channel = 'phone'"

_METRICS = [
    Metric("manual_cpo", "Manual contacts per order", "contacts/order",
           _count(AGENT_IN), ORDERS_DENOMINATOR, "rate", "down", "laney-u",
           "Human-handled inbound contacts / orders."),
    Metric("total_cpo", "Total contacts per order", "contacts/order",
           _count("NOT outbound"), ORDERS_DENOMINATOR, "rate", "down", "laney-u",
           "All inbound contacts (bot + human) / orders."),
    Metric("bot_containment", "Bot containment", "share",
           _count("handled_by = 'bot' AND NOT transferred"), _count("handled_by = 'bot'"),
           "proportion", "up", "laney-p",
           "Bot contacts resolved without handing over to a human / bot contacts."),
    Metric("fcr", "One-and-done (FCR)", "share",
           _count(f"{AGENT_IN} AND NOT repeat_within_7d"), _count(AGENT_IN),
           "proportion", "up", "laney-p",
           "Agent contacts with no repeat contact on the same order within 7 days / agent contacts."),
    Metric("transfer_rate", "Transfer rate", "share",
           _count(f"{AGENT_IN} AND transferred"), _count(AGENT_IN), "proportion", "down", "laney-p",
           "Agent contacts transferred to another agent or skill / agent contacts."),
    Metric("aht", "Average handle time", "seconds",
           f"sum(handle_s) FILTER (WHERE {AGENT_IN} AND NOT abandoned)",
           _count(f"{AGENT_IN} AND NOT abandoned"), "mean", "down", "imr",
           "Talk + wrap seconds of answered agent contacts, averaged."),
    Metric("service_level", "Service level (20 s)", "share",
           _count(f"{PHONE_OFFERED} AND NOT abandoned AND wait_s <= 20"), _count(PHONE_OFFERED),
           "proportion", "up", "laney-p",
           "Phone calls answered within 20 seconds / calls offered."),
    Metric("asa", "Average speed of answer", "seconds",
           f"sum(wait_s) FILTER (WHERE {PHONE_OFFERED} AND NOT abandoned)",
           _count(f"{PHONE_OFFERED} AND NOT abandoned"), "mean", "down", "imr",
           "Seconds answered phone calls waited, averaged."),
    Metric("abandonment", "Abandonment rate", "share",
           _count(f"{OFFERED} AND abandoned"), _count(OFFERED), "proportion", "down", "laney-p",
           "Contacts offered to agents that the customer abandoned / contacts offered."),
    Metric("csat", "CSAT (4-5 of 5)", "share",
           _count("csat >= 4"), _count("csat IS NOT NULL"), "proportion", "up", "laney-p",
           "Surveyed contacts scoring 4 or 5 of 5 / surveyed contacts."),
    Metric("very_dissatisfied", "Very dissatisfied (1 of 5)", "share",
           _count("csat = 1"), _count("csat IS NOT NULL"), "proportion", "down", "laney-p",
           "Surveyed contacts scoring 1 of 5 / surveyed contacts."),
    Metric("nps", "Net promoter score", "points",
           "sum(CASE WHEN nps >= 9 THEN 1 WHEN nps <= 6 THEN -1 ELSE 0 END) FILTER (WHERE nps IS NOT NULL)",
           _count("nps IS NOT NULL"), "score", "up", "imr",
           "% promoters (9-10) - % detractors (0-6) of NPS responses.", scale=100.0),
    Metric("qa_high_risk", "QA high-risk share", "share",
           _count("qa_risk = 'high'"), _count("qa_risk IS NOT NULL"), "proportion", "down", "laney-p",
           "Contacts the real-time quality check rated high risk / contacts checked."),
    Metric("outbound_connect", "Outbound connect rate", "share",
           _count("outbound AND NOT abandoned"), _count("outbound"), "proportion", "up", "laney-p",
           "Outbound safety / itinerary-change calls that reached the customer / outbound calls."),
]

METRICS: dict[str, Metric] = {m.name: m for m in _METRICS}


def get_metric(name: str) -> Metric:
    """The catalog entry for name; a clear error listing the valid names otherwise."""
    try:
        return METRICS[name]
    except KeyError:
        raise unknown("metric", name, METRICS) from None
