#!/usr/bin/env python3
"""Rewrites a request's candidates' homes as INSEE codes (the nearest
commune's, by centroid; no coordinates), for the place-resolution benchmark
in bench/RESULTS.md.

Usage: PYTHONPATH=build/python /usr/bin/python3 bench/places/homes_as_insee.py IN.pb OUT.pb
"""
import csv
import os
import sys

import numpy as np
from scipy.spatial import cKDTree

from passerelle.v1 import passerelle_pb2 as pb

HERE = os.path.dirname(os.path.abspath(__file__))


def unit(lat, lon):
    lat, lon = np.radians(lat), np.radians(lon)
    return np.column_stack([np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)])


def main():
    source, out = sys.argv[1], sys.argv[2]
    codes, lats, lons = [], [], []
    with open(os.path.join(HERE, "../../data/places/communes.csv"), encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["kind"] == "c" and row["latitude"]:
                codes.append(row["insee_code"])
                lats.append(float(row["latitude"]))
                lons.append(float(row["longitude"]))
    tree = cKDTree(unit(np.array(lats), np.array(lons)))
    request = pb.MatchRequest()
    with open(source, "rb") as f:
        request.ParseFromString(f.read())
    homes = np.array([(c.home.latitude, c.home.longitude) for c in request.candidates])
    _, nearest = tree.query(unit(homes[:, 0], homes[:, 1]))
    for c, i in zip(request.candidates, nearest):
        c.home.Clear()
        c.home.insee_code = codes[i]
    with open(out, "wb") as f:
        f.write(request.SerializeToString(deterministic=True))
    print(f"{out}: {len(request.candidates)} homes as INSEE codes")


if __name__ == "__main__":
    main()
