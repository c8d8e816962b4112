"""Time comes from one clock (style habit 13): nothing in `webapp` reads the machine's
clock but `webapp/clock.py`, so pinning that clock in tests moves the whole app."""

import re
from pathlib import Path

WEBAPP = Path(__file__).resolve().parents[2] / "webapp"
MACHINE_CLOCK = re.compile(r"\b(datetime\.(now|utcnow|today)|date\.today|time\.(time|time_ns))\(")


def test_only_the_clock_module_reads_the_machines_clock():
    readers = [f"{path.relative_to(WEBAPP.parent)}:{n}: {line.strip()}"
               for path in sorted(WEBAPP.rglob("*.py")) if path.name != "clock.py"
               for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
               if MACHINE_CLOCK.search(line)]
    assert readers == []
