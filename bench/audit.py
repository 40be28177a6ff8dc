"""Run pip-audit on the project's environment.

Fails on any known vulnerability. When the advisory service cannot be reached (the machine
has no route to it), says so plainly and does not pretend the audit passed or failed.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path


def main() -> int:
    audit = Path(sys.executable).with_name("pip-audit")
    proc = subprocess.run(
        [str(audit), "--skip-editable", "--format", "json", "--progress-spinner", "off"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    try:
        report = json.loads(proc.stdout)
    except json.JSONDecodeError:
        tail = proc.stderr.strip().splitlines()[-3:]
        if any(word in proc.stderr for word in ("ConnectionError", "Max retries", "timed out")):
            print("pip-audit: advisory service unreachable; audit NOT performed:")
            print(*tail, sep="\n  ")
            return 0
        print("pip-audit failed:", *tail, sep="\n  ")
        return 1
    vulnerable = [
        (dep["name"], dep["version"], vuln["id"], ",".join(vuln.get("fix_versions", [])))
        for dep in report.get("dependencies", [])
        for vuln in dep.get("vulns", [])
    ]
    for name, version, vuln_id, fixes in vulnerable:
        print(f"VULNERABLE {name} {version}: {vuln_id} (fixed in {fixes or 'no release'})")
    audited = len(report.get("dependencies", []))
    print(f"pip-audit: {audited} packages audited, {len(vulnerable)} known vulnerabilities")
    return 1 if vulnerable else 0


if __name__ == "__main__":
    sys.exit(main())
