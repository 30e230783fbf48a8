"""CPU time from /proc: of a process and its descendants, of PostgreSQL backends, of the machine.

Times are in seconds (utime + stime of every thread of a process, in clock ticks of 10 ms).
"""

from __future__ import annotations

import os
from pathlib import Path

_TICK = 1.0 / os.sysconf("SC_CLK_TCK")
_PROC = Path("/proc")


def process_cpu(pid: int) -> float | None:
    """utime + stime of `pid` (all its threads), or None when it has gone."""
    try:
        stat = (_PROC / str(pid) / "stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return None
    fields = stat.rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * _TICK  # fields 14 and 15 of proc(5)


def descendants(pid: int) -> list[int]:
    """`pid` and every process below it."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        try:
            for task in (_PROC / str(current) / "task").iterdir():
                todo.extend(int(c) for c in (task / "children").read_text().split())
        except (FileNotFoundError, ProcessLookupError):
            continue
    return found


def tree_cpu(pid: int) -> float:
    return sum(process_cpu(p) or 0.0 for p in descendants(pid))


def machine_busy() -> float:
    """CPU seconds the whole machine has been busy (every core, not idle or iowait)."""
    fields = [int(x) for x in (_PROC / "stat").read_text().split("\n", 1)[0].split()[1:]]
    user, nice, system, _idle, _iowait, irq, softirq, steal = fields[:8]
    return (user + nice + system + irq + softirq + steal) * _TICK


class BackendCpu:
    """CPU used by a changing set of processes (PostgreSQL backends) between start and stop.

    Backends come and go with connection pools, so the set is sampled while the load runs: a
    backend that appears is counted from zero, one that exits keeps its last sample (at most one
    sampling interval of its work is lost, and pools keep their connections open under load).
    """

    def __init__(self, pids: list[int]) -> None:
        self._start = {p: process_cpu(p) or 0.0 for p in pids}
        self._last = dict(self._start)

    def sample(self, pids: list[int]) -> None:
        for p in pids:
            cpu = process_cpu(p)
            if cpu is not None:
                self._last[p] = cpu

    @property
    def opened(self) -> int:
        """Backends that appeared after the start: connections the server opened meanwhile."""
        return len(set(self._last) - set(self._start))

    def used(self) -> float:
        return sum(cpu - self._start.get(p, 0.0) for p, cpu in self._last.items())
