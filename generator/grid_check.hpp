#pragma once

#include "diagnostic.hpp"
#include "spec.hpp"

namespace jitbench::gen {

// The grid checks of a loaded spec: the grid's size, and every expression at every point of the
// params' grid (types do not change integers). A division by zero, an overflow, a negative
// size, a randperm() range too small or a partial write larger than its tensor is reported
// once for each expression, at its first point; so is a skip_if that skips every case, or
// every case of the CI grid. Then, when all that holds, each JIT impl's expressions at every
// point and, where they use sm_count, for sm_count = 1, 2, 4, ..., 1024: its launch geometry
// and argument values must fit what a GPU takes and what their types hold.
void check_grid(const Spec& spec, Diagnostics& diag);

}  // namespace jitbench::gen
