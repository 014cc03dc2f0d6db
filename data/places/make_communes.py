#!/usr/bin/env python3
"""Builds data/places/communes.csv, the built-in communes, from the shared
reference file (default: ../shared/data/fr/communes.csv; see SOURCES.md there
and data/places/README.md here).

Usage: /usr/bin/python3 data/places/make_communes.py [SOURCE_CSV] [OUT_CSV]

Output, one line per row, comma-separated, no quoting (no field holds a comma):
  insee_code,name,kind,part_of,departement,postal_codes,population,latitude,longitude
- kind: c commune, a arrondissement (Paris, Lyon, Marseille), d delegated
  commune, s associated commune (the last two are former communes merged
  into a new one);
- part_of: the INSEE code of the current commune a former commune is now part
  of, or of the city an arrondissement belongs to; empty for communes;
- postal_codes: separated by spaces; population: empty when unknown;
- latitude, longitude: WGS 84, 5 decimals, empty when unknown.
The region column of the source is dropped (the library does not use it).
Rows keep the source's order. Deterministic: same input, same bytes.
"""
import csv
import os
import sys

KINDS = {"commune": "c", "arrondissement": "a", "delegated": "d", "associated": "s"}
# The cities whose arrondissements are listed (the arrondissements' codes
# start with these prefixes).
CITIES = {"751": "75056", "6938": "69123", "132": "13055"}


def city_of(code):
    for prefix, city in CITIES.items():
        if code.startswith(prefix):
            return city
    raise SystemExit(f"arrondissement {code}: no city for it")


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    source = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "../../../shared/data/fr/communes.csv")
    out = sys.argv[2] if len(sys.argv) > 2 else os.path.join(here, "communes.csv")
    lines = ["insee_code,name,kind,part_of,departement,postal_codes,population,latitude,longitude"]
    with open(source, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            kind = KINDS[row["kind"]]
            part_of = row["part_of"]
            if kind == "a":
                part_of = city_of(row["insee_code"])
            fields = [row["insee_code"], row["name"], kind, part_of, row["departement"],
                      row["postal_codes"], row["population"], row["latitude"], row["longitude"]]
            for field in fields:
                if "," in field or "\n" in field or '"' in field:
                    raise SystemExit(f"{row['insee_code']}: a field holds a comma, quote or line break")
            lines.append(",".join(fields))
    text = "\n".join(lines) + "\n"
    with open(out, "w", encoding="utf-8", newline="") as f:
        f.write(text)
    print(f"{out}: {len(lines) - 1} rows, {len(text.encode())} bytes")


if __name__ == "__main__":
    main()
