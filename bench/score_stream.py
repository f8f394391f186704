#!/usr/bin/env python3
"""Scores `cochlea listen --json` detections against a truth CSV (label,start,end[,file]).

A detection matches the first unmatched word whose span [start, end + 1 s] holds its time; it is
right when the labels agree. Prints detected (right label), wrong label, false detections (nothing
to match), and the latency after each word's end (median / p90 / max).

    /usr/bin/python3 bench/score_stream.py truth.csv detections.jsonl
"""
import csv
import json
import statistics
import sys

truth = list(csv.DictReader(open(sys.argv[1])))
dets = [json.loads(l) for l in open(sys.argv[2]) if l.strip()]
used = [False] * len(truth)
right = wrong = extra = 0
lat = []
for d in dets:
    hit = next((k for k, t in enumerate(truth)
                if not used[k] and float(t["start"]) <= d["time"] <= float(t["end"]) + 1.0), None)
    if hit is None:
        extra += 1
        continue
    used[hit] = True
    if d["label"] == truth[hit]["label"]:
        right += 1
        lat.append(1000 * (d["time"] - float(truth[hit]["end"])))
    else:
        wrong += 1
lat.sort() if lat else lat.append(float("nan"))
print(f"words {len(truth)}: detected with the right label {right} ({100 * right / len(truth):.1f} %), "
      f"wrong label {wrong}, missed {len(truth) - right - wrong}, false detections {extra}; latency after the word ends: "
      f"median {statistics.median(lat):.0f} ms, p90 {lat[int(0.9 * (len(lat) - 1))]:.0f} ms, max {lat[-1]:.0f} ms")
