# SPDX-License-Identifier: Apache-2.0
"""Progress on standard error only when it is a terminal.

Runs `infoclass spof` and `infoclass report` with standard error on a
pseudo-terminal (INFOCLASS_PROGRESS_AFTER=0: from the first moment) and checks
that the progress line appears, ends cleared, and that standard output is the
same as without a terminal; then that a pipe gets no progress at all, and that
INFOCLASS_PROGRESS=0 turns it off on a terminal.
Usage: progress_terminal.py INFOCLASS MODEL"""
import os
import pty
import subprocess
import sys


def run(exe, args, env, stderr_tty):
    if not stderr_tty:
        p = subprocess.run([exe, *args], env=env, capture_output=True)
        return p.returncode, p.stdout, p.stderr
    master, slave = pty.openpty()
    p = subprocess.Popen([exe, *args], env=env, stdout=subprocess.PIPE, stderr=slave)
    os.close(slave)
    out = p.stdout.read()
    err = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the other side is closed
            break
        if not chunk:
            break
        err += chunk
    os.close(master)
    return p.wait(), out, err


def main():
    exe, model = sys.argv[1], sys.argv[2]
    base = dict(os.environ)
    base.pop("INFOCLASS_PROGRESS", None)
    now = dict(base, INFOCLASS_PROGRESS_AFTER="0")
    for args, phase in ((["spof", model], b"single points of failure "),
                        (["report", model, "--today", "2026-11-28"], b"infoclass: ")):
        rc, out, err = run(exe, args, now, True)
        assert rc == 0, (args, rc, err)
        assert phase in err, (args, err)
        assert err.startswith(b"\r\x1b[Kinfoclass: "), (args, err[:80])
        assert err.endswith(b"\r\x1b[K"), (args, err[-80:])  # the line is cleared at the end
        rc2, out2, err2 = run(exe, args, now, False)
        assert rc2 == 0 and out2 == out, args  # the same output with and without a terminal
        assert err2 == b"", (args, err2)  # never in pipes
        rc3, out3, err3 = run(exe, args, dict(now, INFOCLASS_PROGRESS="0"), True)
        assert rc3 == 0 and out3 == out and err3 == b"", (args, err3)
    # A counted phase shows done/total and a percentage.
    rc, out, err = run(exe, ["spof", model], now, True)
    assert b"/" in err and b"%)" in err, err
    # An error on a terminal: the line is cleared before the message.
    rc, out, err = run(exe, ["spof", model, "--threshold", "9"], now, True)
    assert rc == 2 and out == b"", (rc, out)
    assert b"\r\x1b[Kinfoclass: --threshold" in err.replace(b"\r\n", b"\n"), err
    print("progress: on a terminal only, cleared at the end; output unchanged")


if __name__ == "__main__":
    main()
