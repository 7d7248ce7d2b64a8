"""Loading, checking and saving the YAML records (line numbers, every problem at once)."""

from __future__ import annotations

import difflib
import os

import pytest
from rc_helpers import FLAGSHIP, FLAGSHIP_DIR

from sixsigma.errors import RecordError
from sixsigma.records import read_source
from sixsigma.rootcause import fishbone as fb_mod
from sixsigma.rootcause.models import SIX_M
from sixsigma.rootcause.records import load_folder


def test_flagship_records_load_and_tell_the_story():
    rec = load_folder(FLAGSHIP_DIR)
    res = fb_mod.analyze(rec.fishbone)
    causes = res.causes
    assert len(causes) >= 200
    assert set(causes["category"]) == {c for c, _ in SIX_M}
    assert causes.groupby("category").size().min() >= 20
    assert set(causes["depth"]) == {1, 2, 3}
    assert rec.fishbone.effect.metric == "manual_cpo"
    assert rec.fishbone.effect.filters == {"business_line": ["intl_hotel"]}
    assert causes["owner"].notna().all()
    assert set(causes["status"]) >= {"candidate", "prioritized", "rejected"}
    # the driver and two decoys carry data links to contact reasons
    links = causes.set_index("id")
    assert links.loc["sys-pending-confirmation", "level"] == "hotel_confirmation"
    assert {"invoice", "passport_id"} <= set(links["level"].dropna())
    # IPO inputs reference fishbone causes; C&E and FMEA too
    ids = set(causes["id"])
    ipo_refs = [i.cause for s in rec.ipo.steps for i in s.inputs if i.cause]
    assert len(ipo_refs) >= 40 and set(ipo_refs) <= ids
    assert {i.kind for s in rec.ipo.steps for i in s.inputs} == {"controllable", "noise", "sop"}
    assert len(rec.ce.inputs) >= 15 and all(i.cause in ids for i in rec.ce.inputs)
    assert len(rec.fmea.rows) >= 10 and all(r.cause_id in ids for r in rec.fmea.rows)


def _write(folder, name, text):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")


BAD_FISHBONE = """\
effect:
  text: Manual CPO
causes:
  - id: a
    text: A cause
    category: people
  - id: a
    text: Same id again
    category: machine
  - id: b
    text: Dangling parent
    parent: nope
  - id: c
    text: Unknown category
    category: weather
"""

BAD_FMEA = """\
process: Hotel confirmation
rows:
  - id: F1
    step: confirm
    failure_mode: not chased
    effect: repeat contact
    severity: 11
    cause: late chase
    occurrence: 3
    detection: 4
"""


def test_every_problem_listed_once_with_file_and_line(tmp_path):
    folder = tmp_path / "bad"
    _write(folder, "fishbone.yaml", BAD_FISHBONE)
    _write(folder, "fmea.yaml", BAD_FMEA)
    with pytest.raises(RecordError) as info:
        load_folder(folder)
    msg = str(info.value)
    fb, fm = folder / "fishbone.yaml", folder / "fmea.yaml"
    assert msg.startswith("4 problems in")
    assert f"{fb}:7: causes[1].id: duplicate cause id 'a' (first defined at line 4)" in msg
    assert f"{fb}:12: causes[2].parent: parent 'nope' does not exist" in msg
    assert f"{fb}:15: causes[3].category: unknown category 'weather'" in msg
    assert f"{fm}:7: rows[0].severity: Input should be less than or equal to 10 (got 11)" in msg
    assert len(info.value.problems) == 4


@pytest.mark.parametrize(
    ("snippet", "expected"),
    [
        ("scores: {cpo: 2}", "inputs[0].scores.cpo: Input should be 0, 1, 3 or 9 (got 2)"),
        ("scores: {nope: 3}", "inputs[0].scores.nope: output 'nope' is not in outputs"),
    ],
)
def test_ce_scores_must_be_0_1_3_9_against_known_outputs(tmp_path, snippet, expected):
    _write(tmp_path / "p", "ce_matrix.yaml",
           f"outputs:\n  - {{id: cpo, name: CPO, weight: 10}}\ninputs:\n  - id: x\n    name: X\n    {snippet}\n")
    with pytest.raises(RecordError) as info:
        load_folder(tmp_path / "p")
    assert f"ce_matrix.yaml:6: {expected}" in str(info.value)


def test_cycles_duplicate_keys_and_unknown_fields_are_reported(tmp_path):
    _write(tmp_path / "p", "fishbone.yaml", """\
effect: {text: Y}
causes:
  - {id: a, text: A, parent: b}
  - {id: b, text: B, parent: a}
  - id: c
    text: C
    text: C again
    category: people
    colour: red
""")
    with pytest.raises(RecordError) as info:
        load_folder(tmp_path / "p")
    msg = str(info.value)
    assert "fishbone.yaml:3: causes[0].parent: circular parents: a -> b -> a" in msg
    assert "fishbone.yaml:7: causes[2].text: key written twice (first at line 6)" in msg
    assert "fishbone.yaml:9: causes[2].colour: unknown field (check the spelling)" in msg
    assert msg.count("circular") == 1


def test_verified_without_evidence_and_rejected_without_reason(tmp_path):
    _write(tmp_path / "p", "fishbone.yaml", """\
effect: {text: Y}
causes:
  - {id: a, text: A, category: people, status: verified}
  - {id: b, text: B, category: people, status: rejected}
""")
    with pytest.raises(RecordError) as info:
        load_folder(tmp_path / "p")
    msg = str(info.value)
    assert "fishbone.yaml:3: causes[0].status: verified needs evidence" in msg
    assert "fishbone.yaml:4: causes[1].status: rejected needs a reason" in msg


def test_yaml_syntax_error_names_the_line(tmp_path):
    _write(tmp_path / "p", "fishbone.yaml", "effect:\n  text: [unclosed\ncauses: []\n")
    with pytest.raises(RecordError, match=r"fishbone.yaml:3: not valid YAML"):
        load_folder(tmp_path / "p")


def test_save_keeps_comments_and_untouched_text(projects):
    folder = projects / FLAGSHIP
    path = folder / "fishbone.yaml"
    before = path.read_text()
    rec = load_folder(folder)
    fb = fb_mod.set_status(rec.fishbone, "sys-voucher-pdf-fonts", "rejected", reason="fonts fixed in 2022")
    fb, new = fb_mod.add_cause(fb, "Hotels in Japan close the extranet at 18:00", parent="sys-extranet-manual",
                               owner="Hotel supply ops")
    rec.save_fishbone(fb)
    after = path.read_text()
    old_lines, new_lines = before.splitlines(), after.splitlines()
    # every comment survives, only the edited cause changed and the new one was added
    assert [ln for ln in old_lines if ln.lstrip().startswith("#")] == [
        ln for ln in new_lines if ln.lstrip().startswith("#")]
    diff = [d for d in difflib.unified_diff(old_lines, new_lines, lineterm="", n=0)
            if d[:1] in "+-" and d[:3] not in ("+++", "---")]
    assert diff == [
        f"+  - id: {new.id}",  # the machine bone comes before the voucher cause in the file
        "+    text: Hotels in Japan close the extranet at 18:00",
        "+    parent: sys-extranet-manual",
        "+    owner: Hotel supply ops",
        "+    status: candidate",
        "-    status: candidate",
        "+    status: rejected",
        "+    reason: fonts fixed in 2022",
    ]
    # the new sub-cause sits right after its parent's subtree
    ids = [c.id for c in load_folder(folder).fishbone.causes]
    assert ids[ids.index("sys-extranet-weekend") + 1] == new.id
    assert load_folder(folder).fishbone == fb


def test_save_is_atomic(projects, monkeypatch):
    path = projects / FLAGSHIP / "fishbone.yaml"
    before = path.read_bytes()
    rec = load_folder(projects / FLAGSHIP)
    fb, _ = fb_mod.add_cause(rec.fishbone, "Something new", category="people")

    def boom(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError):
        rec.save_fishbone(fb)
    assert path.read_bytes() == before
    assert [p.name for p in path.parent.iterdir() if p.name.startswith(".")] == []


def test_line_lookup_follows_keys_and_indexes():
    src = read_source(FLAGSHIP_DIR / "fishbone.yaml")
    i = next(k for k, c in enumerate(src.data["causes"]) if c["id"] == "sys-pending-confirmation")
    line = src.line(("causes", i, "data_link", "level"))
    assert src.text.splitlines()[line - 1].strip() == "level: hotel_confirmation"
