#include "functions/registry.h"

namespace freshet::functions {

void RegisterJsonb(Registry&) {}

}  // namespace freshet::functions
