#!/usr/bin/python3
"""A faithful vectorised numpy implementation of passerelle's pair scoring,
timed against the C++ ScoreRequest on the same data in the same run.

`score_export` (bench/scoring/score_export.cc) generates a synthetic region,
writes the prepared inputs of ScoreRequest's pair loop as .npy files (interned
skills, occupation proximity table, per-candidate reach thresholds, constraint
masks), times ScoreRequest, and writes its result. This script then runs the
same pair loop with numpy:

- spatial pruning: candidates in blocks of nearby homes; each block selects
  the openings in the bounding box of its search circles (sorted longitudes +
  searchsorted), then keeps the pairs inside each candidate's circle;
- hard constraints: the same bit masks, reach thresholds and reason codes,
  including the "only a car reaches it" band;
- components and score: the same formulas, in float64, summed in the same
  order;
- per candidate, the max_pairs best by (score as float32 desc, opening asc).

It checks that both agree (kept pairs, scores, examined/feasible/excluded
counts) and prints the medians and the ratio.

Usage: score_numpy.py [--export PATH] [--region R] [--candidates N]
                      [--openings M] [--repetitions K] [--out DIR]
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time

import numpy as np

EARTH_RADIUS_KM = 6371.0088
NO_DATE = np.iinfo(np.int32).min
WALK, BICYCLE, TRANSIT, CAR, MOPED, CARPOOL = range(6)
WALK_KMH, BICYCLE_KMH, TRANSIT_CITY_KMH, TRANSIT_DAY_KMH = 4.5, 14.0, 18.0, 12.0
CAR_KMH, CAR_OVERHEAD, MOPED_KMH, CARPOOL_OVERHEAD = 45.0, 5.0, 30.0, 15.0
NEUTRAL, PAST_DISCOUNT, TRAINED_GAP_CREDIT, OPTIONAL_BONUS = 0.5, 0.8, 0.5, 0.25
FRENCH_PENALTY, FRENCH_PENALTY_TRAINED = 0.35, 0.20
COURSE_FIT = np.array([1.0, 0.9, 0.7, 0.4, 0.2, 0.1, 0.1])
VEHICLE, COMMUTE, FRENCH_LOW, AVAILABLE, HEALTH = 3, 5, 4, 8, 7


def load(directory):
    data = {}
    for name in os.listdir(directory):
        if name.endswith(".npy"):
            data[name[:-4]] = np.load(os.path.join(directory, name))
    meta = {}
    with open(os.path.join(directory, "meta.txt")) as f:
        for line in f:
            key, *values = line.split()
            meta[key] = [float(v) for v in values]
    return data, meta


def packed_prefix(a, b):
    """Proximity of packed ROME codes (letter*10000 + number) by prefix."""
    a = a.astype(np.int64)
    b = b.astype(np.int64)
    p = np.where(a // 10000 == b // 10000, 0.10, 0.0)
    p = np.where(a // 100 == b // 100, 0.25, p)
    p = np.where(a == b, 1.0, p)
    return np.where((a == 0) | (b == 0), 0.0, p)


def score(d, meta, block=512):
    w = meta["weights"]
    detour, half_life = meta["detour"][0], meta["half_life"][0]
    commute_on, vehicle_on = bool(meta["commute"][0]), bool(meta["vehicle"][0])
    french_on, availability_on = bool(meta["french_level"][0]), bool(meta["availability"][0])
    max_pairs = int(meta["max_pairs"][0])
    n = d["c_xyz"].shape[0]
    num_skills = int(meta["num_skills"][0]) + 1

    # Dense candidate x skill levels (skills no opening asks for are dropped).
    level = np.zeros((n, num_skills), dtype=np.float32)
    rows = np.repeat(np.arange(n), d["c_skill_id"].shape[1])
    ids = d["c_skill_id"].ravel()
    lv = d["c_skill_level"].ravel()
    keep = lv > 0
    level[rows[keep], ids[keep]] = lv[keep]

    # Openings by longitude for the box queries.
    o_lon, o_lat = d["o_lonlat"][:, 0], d["o_lonlat"][:, 1]
    by_lon = np.argsort(o_lon, kind="stable")
    lon_sorted = o_lon[by_lon]
    # Candidates in stripes of 0.2 degree of latitude, by longitude within.
    c_lon, c_lat = d["c_lonlat"][:, 0], d["c_lonlat"][:, 1]
    order = np.lexsort((c_lon, np.floor(c_lat * 5)))
    search2 = d["c_search2"]
    angle = 2 * np.arcsin(0.5 * np.sqrt(np.minimum(search2, 4.0)))
    dlat = np.degrees(angle) * (1 + 1e-9) + 1e-9
    ratio = np.sin(angle) / np.cos(np.radians(c_lat))
    dlon = np.where(ratio < 1, np.degrees(np.arcsin(np.minimum(ratio, 1.0))) * (1 + 1e-9) + 1e-9, 360.0)
    dlon = np.where(np.isfinite(search2), dlon, 360.0)

    examined = np.zeros(n, dtype=np.int64)
    feasible = np.zeros(n, dtype=np.int64)
    excluded = np.zeros((n, 10), dtype=np.int64)
    kept_c, kept_o, kept_s = [], [], []
    reach2 = d["c_reach2"]

    for start in range(0, n, block):
        cb = order[start:start + block]
        lo = np.searchsorted(lon_sorted, np.min(c_lon[cb] - dlon[cb]), side="left")
        hi = np.searchsorted(lon_sorted, np.max(c_lon[cb] + dlon[cb]), side="right")
        cand_o = by_lon[lo:hi]
        lat_ok = (o_lat[cand_o] >= np.min(c_lat[cb] - dlat[cb])) & (o_lat[cand_o] <= np.max(c_lat[cb] + dlat[cb]))
        cand_o = cand_o[lat_ok]
        if cand_o.size == 0:
            continue
        cx, ox = d["c_xyz"][cb], d["o_xyz"][cand_o]
        chord2 = ((cx[:, None, 0] - ox[None, :, 0]) ** 2 + (cx[:, None, 1] - ox[None, :, 1]) ** 2
                  + (cx[:, None, 2] - ox[None, :, 2]) ** 2)
        li, jj = np.nonzero(chord2 <= search2[cb][:, None])
        c2 = chord2[li, jj]
        ci, oj = cb[li], cand_o[jj]
        examined[cb] += np.bincount(li, minlength=cb.size)

        # Only a car reaches it: counted as such, nothing else checked.
        if vehicle_on and commute_on:
            band = c2 > reach2[ci, 4]
            excluded[:, VEHICLE] += np.bincount(ci[band], minlength=n)
            rest = ~band
            ci, oj, c2 = ci[rest], oj[rest], c2[rest]

        # Hard constraints.
        v = d["c_blocked"][ci] & d["o_needs"][oj]
        v = (v & 0xFFFF) | (((v >> 16) != 0).astype(np.uint32) << HEALTH)
        cf = d["c_french"][ci].astype(np.int64)
        if french_on:
            bad = (d["o_min_french"][oj] > 0) & (cf < d["o_min_accepted"][oj])
            v |= bad.astype(np.uint32) << FRENCH_LOW
        if availability_on:
            ca, os_ = d["c_available"][ci], d["o_start"][oj]
            bad = (ca != NO_DATE) & (os_ != NO_DATE) & (ca > os_)
            v |= bad.astype(np.uint32) << AVAILABLE
        home, site = d["c_home_transit"][ci], d["o_transit"][oj]
        full = (home == 2) & ((site & 2) != 0)
        usable = (home != 0) & ((site & 1) != 0) & (((site & 4) == 0) | full)
        reach = (c2 <= reach2[ci, 0]) | (usable & (c2 <= np.where(full, reach2[ci, 2], reach2[ci, 1])))
        if commute_on:
            out = ~reach
            veh = out & vehicle_on & (d["c_has_car"][ci] == 0) & (c2 <= reach2[ci, 3])
            v |= (veh.astype(np.uint32) << VEHICLE) | ((out & ~veh).astype(np.uint32) << COMMUTE)
        for r in range(1, 10):
            hit = ((v >> r) & 1).astype(bool)
            if hit.any():
                excluded[:, r] += np.bincount(ci[hit], minlength=n)
        ok = v == 0
        ci, oj, c2 = ci[ok], oj[ok], c2[ok]
        cf = cf[ok]
        full, usable = full[ok], usable[ok]
        feasible += np.bincount(ci, minlength=n)
        if ci.size == 0:
            continue

        # Occupation fit.
        col = d["o_occ_col"][oj]
        rows = d["c_occ_row"][ci]
        prox = np.where(rows >= 0,
                        d["occ_table"][np.maximum(rows, 0), np.maximum(col, 0)[:, None]],
                        packed_prefix(d["c_occ_packed"][ci], d["o_packed"][oj][:, None]))
        occ = np.max(d["c_occ_weight"][ci] * prox, axis=1)
        course = d["o_french_course"][oj] != 0
        occ = np.where(course, np.maximum(occ, NEUTRAL), occ)
        occ = np.where((col < 0) | (d["c_has_occ"][ci] == 0), NEUTRAL, occ)
        # French.
        mf = d["o_min_french"][oj].astype(np.int64)
        pen = np.where(d["o_french_training"][oj] != 0, FRENCH_PENALTY_TRAINED, FRENCH_PENALTY)
        french = np.where(cf >= mf, 1.0, np.maximum(0.0, 1.0 - pen * (mf - cf)))
        french = np.where(course, COURSE_FIT[cf], french)
        # Preferences: mean of what the candidate expressed.
        psum = np.zeros(ci.size)
        parts = np.zeros(ci.size)
        ps, sb = d["c_pref_sectors"][ci], d["o_sector_bit"][oj]
        has = ps != 0
        psum += np.where(has, np.where(sb == 0, 0.5, np.where((ps & sb) != 0, 1.0, 0.0)), 0.0)
        parts += has
        pc, cb_ = d["c_pref_contracts"][ci], d["o_contract_bit"][oj]
        has = pc != 0
        psum += np.where(has, np.where(cb_ == 0, 0.5, np.where((pc & cb_) != 0, 1.0, 0.0)), 0.0)
        parts += has
        has = d["c_prefers_trials"][ci] != 0
        psum += np.where(has, np.where(d["o_trial"][oj] != 0, 1.0, 0.5), 0.0)
        parts += has
        has = d["c_prefers_short"][ci] != 0
        psum += np.where(has, np.where(d["o_short"][oj] != 0, 1.0, 0.5), 0.0)
        parts += has
        prefs = np.where(parts == 0, NEUTRAL, psum / np.maximum(parts, 1))
        tension = d["o_tension"][oj]
        cheap = w[1] * occ + w[2] * french + w[4] * tension + w[5] * prefs
        # Skills.
        lreq = level[ci[:, None], d["o_req_skill"][oj]].astype(np.float64)
        trains = (d["o_trains"][oj] != 0)[:, None]
        lreq = np.where(trains, lreq + TRAINED_GAP_CREDIT * (1.0 - lreq), lreq)
        r = np.sum(d["o_req_weight"][oj] * lreq, axis=1)
        opt = np.sum(d["o_opt_weight"][oj] * level[ci[:, None], d["o_opt_skill"][oj]], axis=1)
        skills = np.minimum(1.0, r + OPTIONAL_BONUS * opt * (1.0 - r))
        # Nothing required: neutral, plus the optional skills' bonus.
        skills = np.where(d["o_req_count"][oj] == 0,
                          NEUTRAL + OPTIONAL_BONUS * opt * (1.0 - NEUTRAL), skills)
        # Commute: fastest allowed mode.
        h = 60.0 * (2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, 0.5 * np.sqrt(c2)))) * detour
        modes = d["c_modes"][ci]
        inf = np.inf
        times = np.stack([
            np.where(modes & (1 << WALK), h / WALK_KMH, inf),
            np.where(modes & (1 << BICYCLE), h / BICYCLE_KMH, inf),
            np.where(((modes & (1 << TRANSIT)) != 0) & usable,
                     h / np.where(full, TRANSIT_CITY_KMH, TRANSIT_DAY_KMH), inf),
            np.where(modes & (1 << CAR), CAR_OVERHEAD + h / CAR_KMH, inf),
            np.where(modes & (1 << MOPED), h / MOPED_KMH, inf),
            np.where(modes & (1 << CARPOOL), CARPOOL_OVERHEAD + h / CAR_KMH, inf)])
        minutes = np.min(times, axis=0)
        commute = np.where(np.isinf(minutes), 0.0, np.exp2(-minutes / half_life))
        total = (cheap + w[0] * skills + w[3] * commute).astype(np.float32)

        # Best max_pairs per candidate: score desc, then opening asc.
        sort = np.lexsort((oj, -total, ci))
        ci_s = ci[sort]
        first = np.r_[0, np.flatnonzero(np.diff(ci_s)) + 1]
        rank = np.arange(ci_s.size) - np.repeat(first, np.diff(np.r_[first, ci_s.size]))
        keep = sort[rank < max_pairs]
        kept_c.append(ci[keep])
        kept_o.append(oj[keep])
        kept_s.append(total[keep])

    kc = np.concatenate(kept_c) if kept_c else np.zeros(0, np.int64)
    ko = np.concatenate(kept_o) if kept_o else np.zeros(0, np.int64)
    ks = np.concatenate(kept_s) if kept_s else np.zeros(0, np.float32)
    final = np.lexsort((ko, -ks, kc))
    return dict(candidate=kc[final], opening=ko[final], score=ks[final], examined=examined,
                feasible=feasible, excluded=excluded)


def check(d, res):
    """Compares with the C++ result; returns a list of problems."""
    problems = []
    n = d["c_xyz"].shape[0]
    counts = np.diff(d["r_offsets"])
    if not np.array_equal(res["examined"], d["r_examined"]):
        problems.append("examined differ for %d candidates" % np.sum(res["examined"] != d["r_examined"]))
    if not np.array_equal(res["feasible"], d["r_feasible"]):
        problems.append("feasible differ for %d candidates" % np.sum(res["feasible"] != d["r_feasible"]))
    if not np.array_equal(res["excluded"], d["r_excluded"]):
        problems.append("excluded counts differ for %d candidates"
                        % np.sum(np.any(res["excluded"] != d["r_excluded"], axis=1)))
    np_counts = np.bincount(res["candidate"], minlength=n)
    if not np.array_equal(np_counts, counts):
        problems.append("row sizes differ for %d candidates" % np.sum(np_counts != counts))
    else:
        score_diff = np.max(np.abs(res["score"] - d["r_score"])) if counts.sum() else 0.0
        if score_diff > 1e-6:
            problems.append("scores differ by up to %g" % score_diff)
        mismatch = res["opening"] != d["r_opening"]
        # Rows may order exact ties differently only if scores tie within rounding.
        if np.any(mismatch & (np.abs(res["score"] - d["r_score"]) > 1e-6)):
            problems.append("kept openings differ in %d entries" % np.sum(mismatch))
    return problems


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--export", default=os.path.join(here, "../../build/bench/scoring/score_export"))
    parser.add_argument("--region", default="occitanie")
    parser.add_argument("--candidates", type=int, default=100000)
    parser.add_argument("--openings", type=int, default=20000)
    parser.add_argument("--repetitions", type=int, default=3)
    parser.add_argument("--out", default=None, help="keep the exported arrays here")
    args = parser.parse_args()
    out = args.out or tempfile.mkdtemp(prefix="passerelle_score_numpy_")
    os.makedirs(out, exist_ok=True)
    cpp = subprocess.run([args.export, out, args.region, str(args.candidates), str(args.openings),
                          str(args.repetitions)], check=True, capture_output=True, text=True)
    print(cpp.stdout.strip())
    cpp_times = {}
    for line in cpp.stdout.splitlines():
        fields = dict(f.split("=") for f in line.split()[1:])
        cpp_times[int(fields["threads"])] = (float(fields["median_wall_s"]), float(fields["median_cpu_s"]))
    d, meta = load(out)
    walls, cpus = [], []
    for _ in range(args.repetitions):
        t0, c0 = time.perf_counter(), time.process_time()
        res = score(d, meta)
        walls.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)
    wall, cpu = float(np.median(walls)), float(np.median(cpus))
    problems = check(d, res)
    print("numpy %s candidates=%d openings=%d median_wall_s=%.4f median_cpu_s=%.4f kept=%d"
          % (np.__version__, args.candidates, args.openings, wall, cpu, res["candidate"].size))
    print("agreement with C++: %s" % ("identical" if not problems else "; ".join(problems)))
    w1, c1 = cpp_times[1]
    w2, _ = cpp_times[2]
    print("ratio numpy/C++ (1 thread, CPU time) = %.1fx; (wall, C++ 2 threads) = %.1fx"
          % (cpu / c1, wall / w2))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
