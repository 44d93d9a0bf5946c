#pragma once

#include "diagnostic.hpp"
#include "spec.hpp"

namespace jitbench::gen {

// The grid checks of a loaded spec: the grid's size, and every expression at every point of the
// params' grid (types do not change integers). A division by zero, an overflow, a negative
// size, a randperm() range too small or a partial write larger than its tensor is reported
// once for each expression, at its first point; so is a skip_if that skips every case, or
// every case of the CI grid.
void check_grid(const Spec& spec, Diagnostics& diag);

}  // namespace jitbench::gen
