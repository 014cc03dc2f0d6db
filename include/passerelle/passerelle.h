// passerelle: places newly arrived job seekers (refugees, asylum seekers,
// other newcomers) into their next step towards a lasting job, optimally and
// with explanations.
//
// Umbrella header. The parts, in the order data flows through them:
// - model.h, policy.h: candidates, openings, employers, the programme's rules;
// - validate.h: every problem of a request, with field paths;
// - taxonomy.h, scoring.h: ROME occupations, score components, hard
//   constraints, explanations, the sparse score matrix (scoring_eigen.h: as
//   an Eigen matrix);
// - flow/: the min-cost-flow optimiser, its certificate, DIMACS I/O;
// - matcher.h: the optimal assignment, reasons, shortlists, sessions;
// - synthetic.h: realistic synthetic regional requests.
//
// Plain C++ only: the passerelle.v1 protobuf edge and the file formats are in
// `passerelle/proto.h`, included on its own, so that code which never reads
// or writes files does not need protobuf's generated headers.
#ifndef PASSERELLE_PASSERELLE_H_
#define PASSERELLE_PASSERELLE_H_

#include "passerelle/error.h"
#include "passerelle/execution.h"
#include "passerelle/flow/certificate.h"
#include "passerelle/flow/dimacs.h"
#include "passerelle/flow/min_cost_flow.h"
#include "passerelle/flow/network.h"
#include "passerelle/matcher.h"
#include "passerelle/model.h"
#include "passerelle/policy.h"
#include "passerelle/response.h"
#include "passerelle/scoring.h"
#include "passerelle/scoring_eigen.h"
#include "passerelle/synthetic.h"
#include "passerelle/taxonomy.h"
#include "passerelle/validate.h"

#endif  // PASSERELLE_PASSERELLE_H_
