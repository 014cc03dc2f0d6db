#include "jonker_volgenant.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <vector>

#include "passerelle/internal/memory.h"

namespace passerelle::flow::internal {
namespace {

using Index = int32_t;  // a row or a column, < 2^13

// Bounds that keep every quantity exact in 64 bits (see the header): real
// costs |c| <= 2^52 / k, prices v in [-2^55, 2^52], so every reduced cost
// and Dijkstra label of a real entry is below 2^56 in absolute value, and
// every one computed from a missing pair (cost 2^60) is above 2^59.
constexpr Cost kMissing = Cost{1} << 60;
constexpr Cost kReal = Cost{1} << 59;  // labels below this come from real pairs
constexpr Cost kPriceFloor = -(Cost{1} << 55);
constexpr int64_t kMaxPairs = int64_t{1} << 26;
constexpr __int128 kMaxCostTimesK = __int128{1} << 52;
// Budget of matrix entries read by `Solve`, per pair: 64 + sqrt(k) (network
// simplex's time per arc grows about like sqrt(k) on dense networks). The
// instances of bench/RESULTS.md read 5 to 58 per pair up to k = 4,000;
// c_ij = i * j reads 470 to 1,340.
constexpr double kWorkPerPair = 64;

// Row or column of every node (-1: isolated node of supply 0), or false when
// `problem` is not an assignment network of the allowed size. `row_major`:
// arc a joins row a / k to column a % k, every capacity positive, so the
// network's own cost array is the cost matrix.
bool DetectShape(const Prepared& problem, std::vector<Index>& index, Index& k, bool& row_major) {
  const Network& net = *problem.network;
  if (net.has_lower_bounds()) return false;
  const NodeIndex n = problem.num_nodes();
  const ArcIndex m = problem.num_arcs();
  int64_t rows = 0, columns = 0;
  for (NodeIndex v = 0; v < n; ++v) {
    const Flow s = problem.supply[v];
    if (s == 1) {
      ++rows;
    } else if (s == -1) {
      ++columns;
    } else if (s != 0) {
      return false;
    }
  }
  if (rows == 0 || rows != columns || rows * rows > kMaxPairs) return false;
  if (__int128{rows} * (problem.max_abs_cost + 1) > kMaxCostTimesK) return false;
  // Enough arcs to join the required pairs (distinct pairs are counted later).
  if (static_cast<double>(m) < kJonkerVolgenantMinDensity * static_cast<double>(rows * rows)) {
    return false;
  }
  k = static_cast<Index>(rows);
  index.assign(n, -1);
  Index next_row = 0, next_column = 0;
  for (NodeIndex v = 0; v < n; ++v) {
    if (problem.supply[v] == 1) index[v] = next_row++;
    if (problem.supply[v] == -1) index[v] = next_column++;
  }
  row_major = m == rows * rows;
  Index i = 0, j = 0;  // the pair arc a joins if row-major
  for (ArcIndex a = 0; a < m; ++a) {
    const NodeIndex tail = net.tail(a), head = net.head(a);
    if (problem.capacity[a] == 0) {
      row_major = false;
      continue;
    }
    if (problem.supply[tail] != 1 || problem.supply[head] != -1) return false;
    row_major = row_major && index[tail] == i && index[head] == j;
    if (++j == k) {
      j = 0;
      ++i;
    }
  }
  return true;
}

// Jonker-Volgenant on the k x k row-major matrix `c`. Fills `row_column`
// (the column of each row) and `price` (v). Returns kOptimal, kInfeasible,
// kTimeLimit, or kNotSolved if a price left its safe range.
SolveStatus Solve(const Prepared& problem, const Cost* c, Index k,
                  std::vector<Index>& row_column, std::vector<Cost>& price) {
  std::vector<Index> column_row(k, -1);
  row_column.assign(k, -1);
  price.assign(k, 0);
  Cost* v = price.data();
  Index* x = row_column.data();
  Index* y = column_row.data();

  // Column reduction, last column first (as in Jonker-Volgenant's code):
  // v_j = min_i c_ij; each row takes the cheapest of the columns it is the
  // minimum of.
  {
    std::vector<Cost> column_min(c, c + k);  // row 0
    std::vector<Index> arg_min(k, 0);
    for (Index i = 1; i < k; ++i) {
      const Cost* row = c + static_cast<int64_t>(i) * k;
      for (Index j = 0; j < k; ++j) {
        if (row[j] < column_min[j]) {
          column_min[j] = row[j];
          arg_min[j] = i;
        }
      }
    }
    std::vector<Index> matches(k, 0);
    for (Index j = k - 1; j >= 0; --j) {
      v[j] = column_min[j];
      const Index i = arg_min[j];
      if (++matches[i] == 1) {
        x[i] = j;
        y[j] = i;
      } else if (v[j] < v[x[i]]) {
        y[x[i]] = -1;
        x[i] = j;
        y[j] = i;
      }
    }
    // Reduction transfer: a row that is the minimum of exactly one column
    // gives that column the margin to its second best (lowering v_j keeps
    // c_ij - v_j the row's minimum).
    for (Index i = 0; i < k; ++i) {
      if (matches[i] != 1) continue;
      const Index j1 = x[i];
      const Cost* row = c + static_cast<int64_t>(i) * k;
      Cost second = kMissing;
      for (Index j = 0; j < k; ++j) {
        if (j != j1 && row[j] - v[j] < second) second = row[j] - v[j];
      }
      if (second < kReal) v[j1] -= second;  // >= 0; none when j1 is the only pair
    }
  }

  // Work: matrix entries read. Past `work_budget`, or once the paths'
  // average so far projects past it, the instance is degenerate for this
  // algorithm (e.g. c_ij = i * j: k paths of O(k^2) each), and network
  // simplex is faster: give up, having spent a fraction of its time.
  const int64_t pairs = static_cast<int64_t>(k) * k;
  const int64_t work_budget =
      static_cast<int64_t>((kWorkPerPair + std::sqrt(static_cast<double>(k))) * static_cast<double>(pairs));
  int64_t work = 2 * pairs;
  std::vector<Index> free_rows;
  free_rows.reserve(k);
  for (Index i = 0; i < k; ++i) {
    if (x[i] < 0) free_rows.push_back(i);
  }

  // Augmenting row reduction, two passes: a free row takes its cheapest
  // column j1 (reduced by v), lowering v_j1 to make it tie with its second
  // best; the row it displaces is processed next when v_j1 moved, in the
  // next pass otherwise. Bounded to a few steps per row (each step is O(k)):
  // what remains goes to the shortest paths.
  {
    const int64_t step_budget = 8 * static_cast<int64_t>(k) + 64;
    int64_t steps = 0;
    std::vector<Index> next;
    next.reserve(k);
    for (int pass = 0; pass < 2 && !free_rows.empty(); ++pass) {
      next.clear();
      size_t f = 0;
      std::vector<Index>& list = free_rows;
      while (f < list.size()) {
        if ((++steps & 255) == 0 && problem.past_deadline()) return SolveStatus::kTimeLimit;
        if (steps > step_budget) {
          next.insert(next.end(), list.begin() + f, list.end());
          break;
        }
        const Index i = list[f++];
        work += k;
        const Cost* row = c + static_cast<int64_t>(i) * k;
        Cost u1 = row[0] - v[0], u2 = kMissing;
        Index j1 = 0, j2 = -1;
        for (Index j = 1; j < k; ++j) {
          const Cost h = row[j] - v[j];
          if (h < u2) {
            if (h >= u1) {
              u2 = h;
              j2 = j;
            } else {
              u2 = u1;
              u1 = h;
              j2 = j1;
              j1 = j;
            }
          }
        }
        Index displaced = y[j1];
        const bool second_real = u2 < kReal;
        const bool lowered = second_real && u1 < u2;
        if (lowered) {
          v[j1] -= u2 - u1;
          if (v[j1] < kPriceFloor) return SolveStatus::kNotSolved;
        } else if (displaced >= 0 && second_real) {
          // Tie: take the second column, which may be free.
          j1 = j2;
          displaced = y[j2];
        }
        x[i] = j1;
        y[j1] = i;
        if (displaced >= 0) {
          x[displaced] = -1;
          if (lowered) {
            list[--f] = displaced;  // at once: its best column just got dearer
          } else {
            next.push_back(displaced);
          }
        }
      }
      free_rows.swap(next);
    }
  }

  if (std::getenv("PASSERELLE_FLOW_DEBUG")) {
    std::fprintf(stderr, "jonker-volgenant: k %d, %zu free rows after the initialisation\n", k,
                 free_rows.size());
  }
  const int64_t work_before_paths = work;
  // Shortest augmenting paths from each free row: Dijkstra on reduced costs
  // c_ij - v_j - u_i over the columns, `todo` holding them as
  // [scanned | at the current minimum, to scan | not reached at the minimum).
  std::vector<Cost> label(k);
  std::vector<Index> todo(k), via(k);
  for (size_t f = 0; f < free_rows.size(); ++f) {
    if (problem.past_deadline()) return SolveStatus::kTimeLimit;
    if (work > work_budget ||
        (f >= 8 && work + (work - work_before_paths) / static_cast<int64_t>(f) *
                              static_cast<int64_t>(free_rows.size() - f) > work_budget)) {
      if (std::getenv("PASSERELLE_FLOW_DEBUG")) {
        std::fprintf(stderr, "jonker-volgenant: %zu of %zu paths, %.1f reads a pair: over budget\n",
                     f, free_rows.size(), static_cast<double>(work) / static_cast<double>(pairs));
      }
      return SolveStatus::kNotSolved;
    }
    work += k;
    const Index start = free_rows[f];
    const Cost* start_row = c + static_cast<int64_t>(start) * k;
    for (Index j = 0; j < k; ++j) {
      label[j] = start_row[j] - v[j];
      via[j] = start;
      todo[j] = j;
    }
    Index low = 0, up = 0, last = 0, end = -1;
    Cost min = 0;
    while (end < 0) {
      if (up == low) {
        // Collect the columns at the new minimum label.
        work += k - up;
        last = low;
        min = label[todo[up++]];
        for (Index p = up; p < k; ++p) {
          const Index j = todo[p];
          const Cost h = label[j];
          if (h <= min) {
            if (h < min) {
              up = low;
              min = h;
            }
            todo[p] = todo[up];
            todo[up++] = j;
          }
        }
        if (min >= kReal) return SolveStatus::kInfeasible;  // only missing pairs left
        for (Index p = low; p < up; ++p) {
          if (y[todo[p]] < 0) {
            end = todo[p];
            break;
          }
        }
        if (end >= 0) break;
      }
      // Scan the row matched to the next column at the minimum.
      const Index j1 = todo[low++];
      const Index i = y[j1];
      work += k - up;
      const Cost* row = c + static_cast<int64_t>(i) * k;
      const Cost offset = row[j1] - v[j1] - min;
      for (Index p = up; p < k; ++p) {
        const Index j = todo[p];
        const Cost h = row[j] - v[j] - offset;
        if (h < label[j]) {
          label[j] = h;
          via[j] = i;
          if (h == min) {
            if (y[j] < 0) {
              end = j;
              break;
            }
            todo[p] = todo[up];
            todo[up++] = j;
          }
        }
      }
    }
    // Columns settled below the final minimum get cheaper by their margin.
    for (Index p = 0; p < last; ++p) {
      const Index j = todo[p];
      v[j] += label[j] - min;
      if (v[j] < kPriceFloor) return SolveStatus::kNotSolved;
    }
    // Augment along the path.
    for (Index j = end;;) {
      const Index i = via[j];
      y[j] = i;
      const Index previous = x[i];
      x[i] = j;
      if (i == start) break;
      j = previous;
    }
  }
  if (std::getenv("PASSERELLE_FLOW_DEBUG")) {
    std::fprintf(stderr, "jonker-volgenant: %.1f reads a pair\n",
                 static_cast<double>(work) / static_cast<double>(pairs));
  }
  return SolveStatus::kOptimal;
}

// After a time limit: gives each free row its cheapest free column joined to
// it, in row order. False if some row finds none (the assignment stays
// partial).
bool CompleteGreedily(const Cost* c, Index k, std::vector<Index>& row_column) {
  std::vector<char> taken(k, 0);
  for (Index i = 0; i < k; ++i) {
    if (row_column[i] >= 0) taken[row_column[i]] = 1;
  }
  for (Index i = 0; i < k; ++i) {
    if (row_column[i] >= 0) continue;
    const Cost* row = c + static_cast<int64_t>(i) * k;
    Index best = -1;
    for (Index j = 0; j < k; ++j) {
      if (!taken[j] && row[j] != kMissing && (best < 0 || row[j] < row[best])) best = j;
    }
    if (best < 0) return false;
    row_column[i] = best;
    taken[best] = 1;
  }
  return true;
}

}  // namespace

SolveStatus RunJonkerVolgenant(const Prepared& problem, std::vector<Flow>& flow,
                               std::vector<Cost>& potential) {
  std::vector<Index> index;
  Index k = 0;
  bool row_major = false;
  if (!DetectShape(problem, index, k, row_major)) return SolveStatus::kNotSolved;
  const Network& net = *problem.network;
  const ArcIndex m = problem.num_arcs();
  const int64_t pairs = static_cast<int64_t>(k) * k;

  // Row-major costs, the cheapest arc of each pair, unless the arcs already
  // are the matrix (generated or written row by row: no copy).
  std::unique_ptr<Cost[]> owned;
  const Cost* cost = net.costs().data();
  if (!row_major) {
    owned.reset(new Cost[pairs]);
    std::fill(owned.get(), owned.get() + pairs, kMissing);
    int64_t joined = 0;
    std::vector<char> row_joined(k, 0), column_joined(k, 0);
    for (ArcIndex a = 0; a < m; ++a) {
      if (problem.capacity[a] == 0) continue;
      const Index i = index[net.tail(a)], j = index[net.head(a)];
      Cost& entry = owned[static_cast<int64_t>(i) * k + j];
      if (entry == kMissing) ++joined;
      if (net.cost(a) < entry) entry = net.cost(a);
      row_joined[i] = column_joined[j] = 1;
    }
    if (static_cast<double>(joined) < kJonkerVolgenantMinDensity * static_cast<double>(pairs)) {
      return SolveStatus::kNotSolved;
    }
    // The initialisation takes each row's and column's cheapest pair, which
    // must be a real one; the searches detect every other infeasibility.
    for (Index r = 0; r < k; ++r) {
      if (!row_joined[r] || !column_joined[r]) return SolveStatus::kInfeasible;
    }
    cost = owned.get();
  }

  std::vector<Index> row_column;
  std::vector<Cost> price;
  SolveStatus status = Solve(problem, cost, k, row_column, price);
  if (status == SolveStatus::kNotSolved) return status;
  if (status == SolveStatus::kTimeLimit && CompleteGreedily(cost, k, row_column)) {
    status = SolveStatus::kFeasible;
  }

  passerelle::internal::AssignForWriting(flow, static_cast<size_t>(m), Flow{0});
  if (row_major) {
    for (Index i = 0; i < k; ++i) {
      if (row_column[i] >= 0) flow[static_cast<int64_t>(i) * k + row_column[i]] = 1;
    }
  } else {
    std::vector<char> placed(k, 0);
    for (ArcIndex a = 0; a < m; ++a) {
      if (problem.capacity[a] == 0) continue;
      const Index i = index[net.tail(a)], j = index[net.head(a)];
      if (row_column[i] == j && !placed[i] && net.cost(a) == cost[static_cast<int64_t>(i) * k + j]) {
        flow[a] = 1;
        placed[i] = 1;
      }
    }
  }
  if (status != SolveStatus::kOptimal) return status;
  // pi(row i) = -u_i with u_i = c_i,x(i) - v_x(i); pi(column j) = v_j, so
  // rc(i, j) = c_ij - u_i - v_j >= 0, and 0 on the assignment.
  potential.assign(problem.num_nodes(), 0);
  for (NodeIndex node = 0; node < problem.num_nodes(); ++node) {
    const Index r = index[node];
    if (r < 0) continue;
    if (problem.supply[node] == 1) {
      const Index j = row_column[r];
      potential[node] = -(cost[static_cast<int64_t>(r) * k + j] - price[j]);
    } else {
      potential[node] = price[r];
    }
  }
  return SolveStatus::kOptimal;
}

}  // namespace passerelle::flow::internal
