"""Time importing the FRUS corpus (21 TEI volumes and the person records) into a fresh archive, then reindexing.

    python benchmarks/import_frus.py [--corpus ../shared/corpus/frus] [--json benchmarks/out/import_frus.json]

Each step runs `readingroom` as a subprocess in a temporary data directory, as a user would; peak memory is the
largest resident set of the step's process.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = PROJECT.parent / "shared" / "corpus" / "frus"


def run_step(name: str, home: Path, *args: str) -> dict[str, Any]:
    """Run one command; its own peak resident memory comes from wait4's resource usage of that child alone."""
    env = {**os.environ, "READINGROOM_HOME": str(home)}
    with tempfile.TemporaryFile("w+") as output:
        started = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, "-m", "readingroom", *args], env=env, stdout=output, stderr=subprocess.STDOUT
        )
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        output.seek(0)
        text = output.read()
    if process.returncode not in (0, 1):  # 1: something was rejected, reported in the output
        raise SystemExit(f"{name} failed:\n{text}")
    return {
        "step": name,
        "seconds": round(seconds, 2),
        "peak_mb": round(usage.ru_maxrss / 1024, 1),
        "output": text.strip()[-2000:],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--json", type=Path, default=PROJECT / "benchmarks" / "out" / "import_frus.json")
    args = parser.parse_args()
    volumes, people = args.corpus / "volumes", args.corpus / "authorities" / "people"
    if not volumes.is_dir():
        raise SystemExit(f"no FRUS volumes at {volumes}")
    with tempfile.TemporaryDirectory() as directory:
        home = Path(directory)
        steps = [
            run_step("import people + 21 volumes", home, "import", str(people), str(volumes)),
            run_step("import again (nothing changes)", home, "import", str(people), str(volumes)),
            run_step("reindex", home, "reindex"),
        ]
        count = json.loads(
            subprocess.run(
                [sys.executable, "-m", "readingroom", "search", "--json"],
                capture_output=True,
                text=True,
                env={**os.environ, "READINGROOM_HOME": str(home)},
            ).stdout
        )["total"]
    print(f"{'step':34} {'seconds':>8} {'docs/s':>8} {'peak MB':>8}")
    for step in steps:
        step["documents_per_second"] = round(count / step["seconds"], 1)
        print(f"{step['step']:34} {step['seconds']:8.2f} {step['documents_per_second']:8.1f} {step['peak_mb']:8.1f}")
    print(f"documents in the archive: {count}")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps({"documents": count, "cpus": os.cpu_count(), "steps": steps}, indent=2))


if __name__ == "__main__":
    main()
