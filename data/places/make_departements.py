#!/usr/bin/env python3
"""Builds data/places/departements.csv: every French département with its
name and its region (INSEE code and name), for `passerelle generate
--region 41` or `--region bretagne`.

Usage: /usr/bin/python3 data/places/make_departements.py [COMMUNES_CSV] [OUT_CSV]

- Départements and their regions: the `departement` and `region` columns of
  the shared communes file (default ../shared/data/fr/communes.csv; Etalab,
  see data/places/README.md). Overseas collectivities (975, 977, 978, 98x)
  are left out: they are not départements.
- Names of metropolitan départements: data/regions/france.csv. Names of the
  five overseas départements and of the 18 regions: the INSEE *code officiel
  géographique*, below.

Output: departement,name,region,region_name, in département order.
Deterministic: same input, same bytes.
"""
import csv
import os
import sys

REGION_NAMES = {
    "01": "Guadeloupe", "02": "Martinique", "03": "Guyane", "04": "La Réunion", "06": "Mayotte",
    "11": "Île-de-France", "24": "Centre-Val de Loire", "27": "Bourgogne-Franche-Comté",
    "28": "Normandie", "32": "Hauts-de-France", "44": "Grand Est", "52": "Pays de la Loire",
    "53": "Bretagne", "75": "Nouvelle-Aquitaine", "76": "Occitanie",
    "84": "Auvergne-Rhône-Alpes", "93": "Provence-Alpes-Côte d'Azur", "94": "Corse",
}
OVERSEAS_NAMES = {"971": "Guadeloupe", "972": "Martinique", "973": "Guyane",
                  "974": "La Réunion", "976": "Mayotte"}


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    source = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "../../../shared/data/fr/communes.csv")
    out = sys.argv[2] if len(sys.argv) > 2 else os.path.join(here, "departements.csv")
    names = dict(OVERSEAS_NAMES)
    with open(os.path.join(here, "../regions/france.csv"), encoding="utf-8") as f:
        for line in f:
            fields = line.split("#")[0].strip().split(",")
            if fields[0] == "departement":
                names[fields[1]] = fields[2]
    region_of = {}
    with open(source, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            if row["region"] not in REGION_NAMES:
                continue
            previous = region_of.setdefault(row["departement"], row["region"])
            if previous != row["region"]:
                raise SystemExit(f"département {row['departement']} in regions {previous} and {row['region']}")
    missing = sorted(set(region_of) - set(names))
    if missing:
        raise SystemExit(f"no name for départements {missing}")
    lines = ["departement,name,region,region_name"]
    for d in sorted(region_of):
        lines.append(",".join([d, names[d], region_of[d], REGION_NAMES[region_of[d]]]))
    text = "\n".join(lines) + "\n"
    with open(out, "w", encoding="utf-8", newline="") as f:
        f.write(text)
    print(f"{out}: {len(lines) - 1} départements, {len(REGION_NAMES)} regions")


if __name__ == "__main__":
    main()
