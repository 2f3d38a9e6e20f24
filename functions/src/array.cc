#include "functions/registry.h"

namespace freshet::functions {

void RegisterArray(Registry&) {}

}  // namespace freshet::functions
