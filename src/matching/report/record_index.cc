// The report's id orders and subgroups (see record_index.h).
#include "report/record_index.h"

#include <algorithm>
#include <map>
#include <numeric>
#include <string_view>

namespace passerelle::matching {
namespace {

// Subgroup key of a candidate along dimension `d`, as the summary names it
// ("-" when not given).
std::string_view GroupKey(const Candidate& cand, int d) {
  auto or_dash = [](const std::string& v) { return v.empty() ? std::string_view("-") : std::string_view(v); };
  switch (d) {
    case 0: return ToString(cand.subgroup.gender);
    case 1: return or_dash(cand.subgroup.country_of_origin);
    case 2: return or_dash(cand.subgroup.departement);
    default: return ToString(AgeGroupOf(cand.age));
  }
}

template <typename Record>
void SortById(const std::vector<Record>& records, std::vector<int32_t>* order, std::vector<int32_t>* rank) {
  order->resize(records.size());
  std::iota(order->begin(), order->end(), 0);
  std::sort(order->begin(), order->end(), [&](int32_t a, int32_t b) { return records[a].id < records[b].id; });
  rank->resize(records.size());
  for (size_t i = 0; i < order->size(); ++i) (*rank)[(*order)[i]] = static_cast<int32_t>(i);
}

}  // namespace

void RecordIndex::Ensure(const MatchRequest& r) {
  if (valid_) return;
  valid_ = true;
  SortById(r.candidates, &candidate_order_, &candidate_rank_);
  SortById(r.openings, &opening_order_, &opening_rank_);
  const size_t nc = r.candidates.size();
  candidate_group_.resize(nc);
  for (int d = 0; d < kGroupDimensions; ++d) {
    std::map<std::string_view, int32_t> index;
    for (const Candidate& cand : r.candidates) index.emplace(GroupKey(cand, d), 0);
    group_keys_[d].clear();
    for (auto& [k, i] : index) {
      i = static_cast<int32_t>(group_keys_[d].size());
      group_keys_[d].emplace_back(k);
    }
    for (size_t c = 0; c < nc; ++c) candidate_group_[c][d] = index.at(GroupKey(r.candidates[c], d));
  }
}

}  // namespace passerelle::matching
