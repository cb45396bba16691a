"""Check annotation source files against their text: `python -m pipeline.gold.verify_source TEXT SRC...`.

Prints each compile error with the source file and line; exit status 1 if any. A quick loop for
annotators before the gold is built.
"""

from __future__ import annotations

import sys
from pathlib import Path

from pipeline.errors import GoldError
from pipeline.gold.source import compile_block, parse_source


def main(argv: list[str]) -> int:
    text_path, *sources = (Path(a) for a in argv)
    lines = text_path.read_text(encoding="utf-8").split("\n")
    failures = 0
    for src in sources:
        try:
            blocks = parse_source(src)
        except GoldError as exc:
            print(exc.message)
            failures += 1
            continue
        for block in blocks:
            if not 1 <= block.line_no <= len(lines) or not lines[block.line_no - 1].strip():
                print(f"{src}:{block.source_line}: L{block.line_no} is not a non-empty line of {text_path}")
                failures += 1
                continue
            try:
                compile_block(lines[block.line_no - 1], block, src)
            except GoldError as exc:
                print(exc.message)
                failures += 1
                continue
        numbers = {b.line_no for b in blocks}
        if numbers:
            missing = [n for n in range(min(numbers), max(numbers) + 1) if lines[n - 1].strip() and n not in numbers]
            if missing:
                print(f"{src}: non-empty lines without a block: {', '.join(f'L{n}' for n in missing)}")
                failures += 1
        print(f"{src}: {len(blocks)} line blocks, {sum(len(b.entries) for b in blocks)} entries checked")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
