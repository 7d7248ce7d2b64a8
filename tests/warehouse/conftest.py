"""Fixtures of the warehouse tests: a small warehouse built through the real import."""

from __future__ import annotations

from pathlib import Path

import pytest
from safety_support import CONTACT_HEADER, contact_rows, order_rows


@pytest.fixture
def small_warehouse(tmp_path) -> Path:
    """A warehouse of 300 contacts and 40 order rows, imported with the real importer."""
    from sixsigma.warehouse import Warehouse

    path = tmp_path / "small.duckdb"
    contacts = tmp_path / "seed_contacts.csv"
    contacts.write_text("\n".join([CONTACT_HEADER, *contact_rows(300)]) + "\n")
    orders = tmp_path / "seed_orders.csv"
    orders.write_text("\n".join(["date,business_line,member_tier,orders", *order_rows(20)]) + "\n")
    with Warehouse(path) as wh:
        wh.import_file(contacts, "contacts")
        wh.import_file(orders, "orders")
    return path
