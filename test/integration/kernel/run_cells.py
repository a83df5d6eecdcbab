#!/usr/bin/env python3
"""Run TypeScript cells in a real tslab kernel and print one JSON line per cell.

Usage:
    python run_cells.py --cwd DIR [--tslab PATH | --kernelspec DIR] [--timeout SECONDS] [--abort-retries N] < cells.json

stdin holds a JSON list of cell sources (strings). stdout gets JSON lines:
    {"kind": "start", "seconds": <kernel start + ready>, "tslab": <path>, "cwd": <dir>}
    {"kind": "cell", "index": i, "status": "ok"|"error"|"abort"|"timeout", "attempts": n,
     "seconds": s, "stdout": "...", "stderr": "...",
     "outputs": [{"type": "display_data"|"execute_result", "data": {mime: value}, "metadata": {}}],
     "error": {"ename", "evalue", "traceback"} | null}
    {"kind": "end", "seconds": <total>}

tslab reports a failing cell as stderr stream text plus an execute reply with status "error" (no iopub
"error" message); requests arriving shortly after an error may be answered "abort", so a cell answered
"abort" is sent again (up to --abort-retries times, with a growing pause). After a cell times out the
kernel is still busy with it, so the remaining cells are reported as "timeout" without being sent.

The kernelspec is written to a temporary directory; nothing is installed in the user's Jupyter paths.
--kernelspec DIR uses an installed kernelspec instead (DIR holds its kernel.json, as `agentic-mmm install`
writes it), started exactly as Jupyter would start it.
Needs jupyter_client (from the project's .venv, or Debian's python3-jupyter-client).
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import shutil
import signal
import sys
import tempfile
import subprocess
import time
from typing import Any

from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager

KERNEL_NAME = "agentic-mmm-tslab-test"


def emit(obj: dict[str, Any]) -> None:
    # One whole line per result, however long (a cell with charts is hundreds of kB): a pipe shared with
    # a Node process may have been made non-blocking, and a partial write would interleave two lines.
    os.set_blocking(sys.stdout.fileno(), True)
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


def write_kernelspec(root: str, tslab: str) -> str:
    kernel_dir = os.path.join(root, "kernels", KERNEL_NAME)
    os.makedirs(kernel_dir)
    spec = {
        "argv": [tslab, "kernel", "--config-path", "{connection_file}"],
        "display_name": "TypeScript (tslab, agentic-mmm tests)",
        "language": "typescript",
    }
    with open(os.path.join(kernel_dir, "kernel.json"), "w", encoding="utf-8") as f:
        json.dump(spec, f)
    return os.path.join(root, "kernels")


def run_one(kc: Any, code: str, timeout: float) -> dict[str, Any]:
    """Execute one cell; collect its iopub output until the kernel goes idle for it."""
    started = time.monotonic()
    deadline = started + timeout
    msg_id = kc.execute(code, store_history=True, allow_stdin=False, stop_on_error=False)
    stdout: list[str] = []
    stderr: list[str] = []
    outputs: list[dict[str, Any]] = []
    error: dict[str, Any] | None = None
    reply: dict[str, Any] | None = None
    idle = False

    def remaining() -> float:
        return deadline - time.monotonic()

    # Shell reply and iopub messages can come in either order: poll both until we have the reply and
    # the idle status for this request. An "abort" reply may come without busy/idle on iopub, so once
    # the reply is in, wait for idle only a short while.
    idle_grace_until: float | None = None
    while True:
        if reply is not None and idle:
            break
        if remaining() <= 0:
            return {
                "status": "timeout", "stdout": "".join(stdout), "stderr": "".join(stderr),
                "outputs": outputs, "error": error, "seconds": time.monotonic() - started,
            }
        if reply is not None and idle_grace_until is not None and time.monotonic() > idle_grace_until:
            break
        if reply is None:
            try:
                msg = kc.get_shell_msg(timeout=0.05)
            except queue.Empty:
                msg = None
            if msg is not None and msg.get("parent_header", {}).get("msg_id") == msg_id:
                reply = msg["content"]
                idle_grace_until = time.monotonic() + (0.5 if reply.get("status") == "abort" else 10.0)
        try:
            msg = kc.get_iopub_msg(timeout=0.05)
        except queue.Empty:
            continue
        if msg.get("parent_header", {}).get("msg_id") != msg_id:
            continue
        mtype = msg["msg_type"]
        content = msg["content"]
        if mtype == "status":
            if content.get("execution_state") == "idle":
                idle = True
        elif mtype == "stream":
            (stdout if content.get("name") == "stdout" else stderr).append(content.get("text", ""))
        elif mtype in ("display_data", "execute_result", "update_display_data"):
            outputs.append({
                "type": mtype,
                "data": content.get("data", {}),
                "metadata": content.get("metadata", {}),
            })
        elif mtype == "error":
            error = {
                "ename": content.get("ename"),
                "evalue": content.get("evalue"),
                "traceback": content.get("traceback", []),
            }
    assert reply is not None
    status = reply.get("status", "unknown")
    if status == "error" and error is None and reply.get("ename") is not None:
        error = {
            "ename": reply.get("ename"),
            "evalue": reply.get("evalue"),
            "traceback": reply.get("traceback", []),
        }
    return {
        "status": status, "stdout": "".join(stdout), "stderr": "".join(stderr),
        "outputs": outputs, "error": error, "seconds": time.monotonic() - started,
    }


def main() -> int:
    here = os.path.dirname(os.path.abspath(__file__))
    repo_root = os.path.abspath(os.path.join(here, "..", "..", ".."))
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cwd", required=True, help="working directory of the kernel")
    ap.add_argument("--tslab", default=os.path.join(repo_root, "node_modules", ".bin", "tslab"))
    ap.add_argument("--kernelspec", help="folder of an installed kernelspec (kernel.json) to start instead")
    ap.add_argument("--timeout", type=float, default=120.0, help="seconds per cell")
    ap.add_argument("--start-timeout", type=float, default=60.0, help="seconds for the kernel to be ready")
    ap.add_argument("--abort-retries", type=int, default=8)
    ap.add_argument("cells_file", nargs="?", help="JSON list of cells (default: stdin)")
    args = ap.parse_args()

    if args.cells_file:
        with open(args.cells_file, encoding="utf-8") as f:
            cells = json.load(f)
    else:
        cells = json.load(sys.stdin)
    if not isinstance(cells, list) or not all(isinstance(c, str) for c in cells):
        print("cells must be a JSON list of strings", file=sys.stderr)
        return 2
    cwd = os.path.abspath(args.cwd)
    tslab = os.path.abspath(args.tslab)
    if not os.path.isdir(cwd):
        print(f"--cwd {cwd} is not a directory", file=sys.stderr)
        return 2
    if not args.kernelspec and not os.access(tslab, os.X_OK):
        print(f"tslab not found or not executable at {tslab} (run npm ci)", file=sys.stderr)
        return 2

    # Make SIGTERM (e.g. from the mocha wrapper on timeout) run the finally block that stops the kernel.
    def on_term(signum: int, _frame: Any) -> None:
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, on_term)

    t0 = time.monotonic()
    tmp = tempfile.mkdtemp(prefix="agentic-mmm-kernel-")
    km: KernelManager | None = None
    kc: Any = None
    try:
        if args.kernelspec:
            spec_dir = os.path.abspath(args.kernelspec)
            ksm = KernelSpecManager(kernel_dirs=[os.path.dirname(spec_dir)])
            kernel_name = os.path.basename(spec_dir)
        else:
            ksm = KernelSpecManager(kernel_dirs=[write_kernelspec(tmp, tslab)])
            kernel_name = KERNEL_NAME
        km = KernelManager(
            kernel_name=kernel_name,
            kernel_spec_manager=ksm,
            connection_file=os.path.join(tmp, "connection.json"),
        )
        # The kernel (Node) must not share our stdout: libuv makes its pipes non-blocking, and our
        # result lines would then be cut short when the reader lags (seen with 220 kB cell outputs).
        km.start_kernel(cwd=cwd, stdout=subprocess.DEVNULL)
        kc = km.client()
        kc.start_channels()
        kc.wait_for_ready(timeout=args.start_timeout)
        emit({"kind": "start", "seconds": round(time.monotonic() - t0, 3), "tslab": tslab, "cwd": cwd})

        timed_out = False
        for i, code in enumerate(cells):
            if timed_out:
                emit({"kind": "cell", "index": i, "status": "timeout", "attempts": 0, "seconds": 0.0,
                      "stdout": "", "stderr": "", "outputs": [], "error": None,
                      "note": "not sent: an earlier cell timed out and the kernel is still busy"})
                continue
            attempts = 0
            cell_started = time.monotonic()
            result: dict[str, Any] = {}
            while True:
                attempts += 1
                result = run_one(kc, code, args.timeout)
                if result["status"] != "abort" or attempts > args.abort_retries:
                    break
                time.sleep(min(0.25 * attempts, 1.5))
            if result["status"] == "timeout":
                timed_out = True
            # Wall time of the cell including abort retries and their pauses.
            result["seconds"] = round(time.monotonic() - cell_started, 3)
            emit({"kind": "cell", "index": i, "attempts": attempts, **result})
        emit({"kind": "end", "seconds": round(time.monotonic() - t0, 3)})
        return 0
    finally:
        if kc is not None:
            try:
                kc.stop_channels()
            except Exception:  # noqa: BLE001 - best effort during teardown
                pass
        if km is not None:
            try:
                if km.is_alive():
                    km.shutdown_kernel(now=False)
            except Exception:  # noqa: BLE001
                try:
                    km.shutdown_kernel(now=True)
                except Exception:  # noqa: BLE001
                    pass
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
