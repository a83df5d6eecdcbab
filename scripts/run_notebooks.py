#!/usr/bin/env python3
"""Execute the example notebooks top to bottom in a real tslab kernel (nbclient).

Usage:
    python scripts/run_notebooks.py [--out DIR | --in-place] [--timeout S] notebooks/*.ipynb

Writes each executed notebook to DIR (default: a copy next to nothing is overwritten) or in place
(to refresh the committed outputs: `npm run notebooks`). Prints one JSON line per notebook:
{"notebook": path, "ok": bool, "seconds": s, "error": str|null, "out": path}. Exit code 1 if any
notebook failed. The kernelspec "tslab" is written to a temporary JUPYTER_PATH pointing at the
repository's node_modules/.bin/tslab; nothing is installed in the user's Jupyter paths.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time

import nbformat
from nbclient import NotebookClient

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def kernelspec_dir() -> str:
    root = tempfile.mkdtemp(prefix="ammm-kernels-")
    kdir = os.path.join(root, "kernels", "tslab")
    os.makedirs(kdir)
    tslab = os.path.join(ROOT, "node_modules", ".bin", "tslab")
    spec = {"argv": [tslab, "kernel", "--config-path", "{connection_file}"], "display_name": "TypeScript", "language": "typescript"}
    with open(os.path.join(kdir, "kernel.json"), "w", encoding="utf-8") as f:
        json.dump(spec, f)
    return root


def run(path: str, out: str, timeout: int) -> dict:
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=timeout, kernel_name="tslab", resources={"metadata": {"path": os.path.dirname(os.path.abspath(path))}})
    started = time.monotonic()
    error = None
    try:
        client.execute()
    except Exception as e:  # noqa: BLE001 - reported, not hidden
        error = f"{type(e).__name__}: {str(e)[-2000:]}"
    # tslab reports errors only in the execute reply (no iopub error): nbclient raises on it above.
    nbformat.write(nb, out)
    return {"notebook": path, "ok": error is None, "seconds": round(time.monotonic() - started, 1), "error": error, "out": out}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("notebooks", nargs="+")
    ap.add_argument("--out", help="directory for the executed copies")
    ap.add_argument("--in-place", action="store_true")
    ap.add_argument("--timeout", type=int, default=600)
    a = ap.parse_args()
    os.environ["JUPYTER_PATH"] = kernelspec_dir() + os.pathsep + os.environ.get("JUPYTER_PATH", "")
    failed = 0
    for p in a.notebooks:
        out = p if a.in_place else os.path.join(a.out or tempfile.mkdtemp(prefix="ammm-nb-"), os.path.basename(p))
        r = run(p, out, a.timeout)
        failed += not r["ok"]
        sys.stdout.write(json.dumps(r) + "\n")
        sys.stdout.flush()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
