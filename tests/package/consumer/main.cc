// Uses the installed library: generate a small case, match it, print a line.
#include <passerelle/passerelle.h>
#include <passerelle/proto.h>

#include <iostream>

int main() {
  passerelle::synthetic::GeneratorOptions options;
  options.candidates = 50;
  options.openings = 20;
  const passerelle::MatchRequest request = passerelle::synthetic::Generate(options);
  const passerelle::MatchResponse response = passerelle::Match(request);
  // The proto edge is installed too.
  const passerelle::v1::MatchResponse proto = passerelle::ToProto(response);
  std::cout << "consumer: " << response.summary.placements << " placements, " << proto.unplaced_size()
            << " unplaced\n";
  return response.summary.candidates == 50 ? 0 : 1;
}
