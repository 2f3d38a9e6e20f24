#include "functions/registry.h"

namespace freshet::functions {

void RegisterRange(Registry&) {}

}  // namespace freshet::functions
