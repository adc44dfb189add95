"""Runs a command, sends it a signal once one of its workers runs, and
reports how it ended and whether any worker process is left.

usage: interrupt.py SIGNAL TMPDIR MARKER COMMAND...

The command runs with TMPDIR=TMPDIR (where conctidy makes its temporary
directory) and CONCTIDY_TEST_HANG_ON=hang (its workers for files whose path
contains 'hang' sleep forever). MARKER is a string in the command line of
the workers to look for afterwards.
"""
import glob
import os
import signal
import subprocess
import sys
import time

sig = getattr(signal, sys.argv[1])
tmp, marker, command = sys.argv[2], sys.argv[3], sys.argv[4:]
os.makedirs(tmp, exist_ok=True)
env = dict(os.environ, TMPDIR=tmp, CONCTIDY_TEST_HANG_ON="hang")
child = subprocess.Popen(command, env=env)


def workers():
    found = []
    for cmdline in glob.glob("/proc/[0-9]*/cmdline"):
        try:
            with open(cmdline, "rb") as f:
                args = f.read().split(b"\0")
        except OSError:
            continue
        if any(a.startswith(b"--conctidy-worker=") and marker.encode() in a
               for a in args):
            found.append(cmdline)
    return found


deadline = time.time() + 120
while time.time() < deadline and not workers():
    time.sleep(0.05)
print("workers running: %s" % ("yes" if workers() else "no"))
time.sleep(0.5)
child.send_signal(sig)
code = child.wait(timeout=120)
if code < 0:
    print("killed by signal %d" % -code)
else:
    print("exit=%d" % code)
# A worker whose parent was killed dies by PR_SET_PDEATHSIG; give it time.
deadline = time.time() + 10
while time.time() < deadline and workers():
    time.sleep(0.05)
print("workers left: %d" % len(workers()))
print("temporary files left: %d" % len(glob.glob(os.path.join(tmp, "*"))))
sys.stdout.flush()
