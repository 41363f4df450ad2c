#!/usr/bin/env python3
"""Reads a PAXLST interchange with an independent EDIFACT parser (pydifact) and prints what a
border system would take from it, as JSON, for agency/tests/export_border.rs:

    paxlst_read.py FILE.edi

{"messages": [{"reference": "1", "flight": "BR198", "declaredSegments": 20, "segments": 20,
               "cnt": 2, "travelers": [{"surname": "NGUYEN", "givenNames": "THI ANH",
               "document": "C1234567", "issuingState": "VNM"}]}],
 "declaredMessages": 1}

`segments` is counted here, from UNH to UNT inclusive; `declaredSegments` is what UNT says.
"""

import json
import sys
import warnings

warnings.simplefilter("ignore")  # pydifact warns that it has no D:05B directory to validate with

from pydifact.segmentcollection import RawSegmentCollection  # noqa: E402


def comp(element, i):
    """Component i of an element (pydifact gives a str for a simple element, a list otherwise)."""
    if isinstance(element, list):
        return element[i] if i < len(element) else ""
    return element if i == 0 else ""


def main():
    with open(sys.argv[1], encoding="ascii") as f:
        text = f.read()
    segments = RawSegmentCollection.from_str(text).segments
    messages = []
    current = None
    declared_messages = None
    for seg in segments:
        tag, el = seg.tag, seg.elements
        if tag == "UNH":
            current = {"reference": el[0], "flight": None, "segments": 0, "travelers": []}
        if current is not None:
            current["segments"] += 1
            if tag == "TDT":
                current["flight"] = comp(el[1], 0)
            elif tag == "NAD" and comp(el[0], 0) == "FL":
                name = el[3] if len(el) > 3 else ""
                current["travelers"].append(
                    {"surname": comp(name, 0), "givenNames": comp(name, 1)})
            elif tag == "DOC":
                current["travelers"][-1]["document"] = comp(el[1], 0)
            elif tag == "LOC" and comp(el[0], 0) == "91":
                current["travelers"][-1]["issuingState"] = comp(el[1], 0)
            elif tag == "CNT":
                current["cnt"] = int(comp(el[0], 1))
            elif tag == "UNT":
                current["declaredSegments"] = int(el[0])
                if el[1] != current["reference"]:
                    raise SystemExit(f"UNT reference {el[1]} != UNH {current['reference']}")
                messages.append(current)
                current = None
        if tag == "UNZ":
            declared_messages = int(el[0])
    if current is not None:
        raise SystemExit("a message has no UNT")
    json.dump({"messages": messages, "declaredMessages": declared_messages}, sys.stdout)


if __name__ == "__main__":
    main()
