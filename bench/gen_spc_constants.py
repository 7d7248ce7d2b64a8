"""Write the d2/d3/c4 table of ``sixsigma/spc/constants.py`` from its exact computation.

``uv run python bench/gen_spc_constants.py`` rewrites the block between ``# BEGIN TABLE`` and
``# END TABLE``; ``--check`` only says whether the block is current (exit 1 if not).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from sixsigma.spc import constants as C

PATH = Path(C.__file__)


def block() -> str:
    sizes = range(2, C.TABLE_MAX + 1)
    lines = ["# BEGIN TABLE (bench/gen_spc_constants.py writes this block; "
             "index n - 2, n = 2..TABLE_MAX)"]
    for name, values in (("_D2", [C.exact_d2(n) for n in sizes]),
                         ("_D3", [C.exact_d3(n) for n in sizes]),
                         ("_C4", [C.exact_c4(n) for n in sizes])):
        lines.append(f"{name} = (")
        items = [repr(float(v)) for v in values]
        for i in range(0, len(items), 4):
            lines.append("    " + ", ".join(items[i:i + 4]) + ",")
        lines.append(")")
    lines.append("_C4_ARRAY = np.array(_C4)")
    lines.append("# END TABLE")
    return "\n".join(lines)


def main() -> int:
    text = PATH.read_text()
    pattern = re.compile(r"# BEGIN TABLE.*?# END TABLE", re.S)
    new = pattern.sub(lambda _: block(), text, count=1)
    if "--check" in sys.argv:
        print("table is current" if new == text else "table is out of date")
        return 0 if new == text else 1
    PATH.write_text(new)
    print(f"wrote n = 2..{C.TABLE_MAX} to {PATH}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
