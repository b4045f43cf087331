"""Owners of claims: a dead process on this host is seen at once, one elsewhere only when its lease ends."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys

from service.batch.progress import owners


def test_live_and_dead_processes_on_this_host():
    assert owners.alive(owners.owner_id())
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    assert not owners.alive(f"{owners.HOST}:{dead.stdout.strip()}")


def test_a_killed_child_not_yet_reaped_counts_as_dead():
    child = subprocess.Popen([sys.executable, "-c", "import os; os._exit(0)"])
    os.waitid(os.P_PID, child.pid, os.WEXITED | os.WNOWAIT)  # exited, still a zombie
    assert not owners.alive(f"{owners.HOST}:{child.pid}")
    child.wait()


def test_a_claim_holds_only_while_its_lease_runs_and_its_owner_lives():
    later, earlier = owners.now() + dt.timedelta(minutes=5), owners.now() - dt.timedelta(seconds=1)
    elsewhere = "another-machine:1234"
    assert owners.holds(elsewhere, later, owners.owner_id())
    assert not owners.holds(elsewhere, earlier, owners.owner_id())
    assert not owners.holds(owners.owner_id(), later, owners.owner_id())  # one's own claim never blocks
    assert not owners.holds(None, later, owners.owner_id())
