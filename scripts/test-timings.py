#!/usr/bin/env python3
"""Prints the slowest tests of a cargo-nextest JUnit report, and the total per test binary and
module (the end-to-end binary holds one module per area, `records::…`):
scripts/test-timings.py target/nextest/ci/junit.xml [N]"""

import sys
import xml.etree.ElementTree as ET
from collections import defaultdict


def main() -> None:
    path = sys.argv[1]
    top = int(sys.argv[2]) if len(sys.argv) > 2 else 15
    cases = []
    per_binary = defaultdict(float)
    for case in ET.parse(path).getroot().iter("testcase"):
        seconds = float(case.get("time", "0"))
        binary = case.get("classname", "?")
        name = case.get("name", "?")
        cases.append((seconds, binary, name))
        module = name.split("::", 1)[0] if "::" in name else ""
        per_binary[f"{binary} {module}".strip()] += seconds
    cases.sort(reverse=True)
    print(f"== slowest {top} of {len(cases)} tests (seconds)")
    for seconds, binary, name in cases[:top]:
        print(f"{seconds:8.2f}  {binary} {name}")
    print("== per test binary and module (seconds, summed over its tests)")
    for binary, seconds in sorted(per_binary.items(), key=lambda kv: -kv[1]):
        print(f"{seconds:8.2f}  {binary}")


if __name__ == "__main__":
    main()
