#include "functions/registry.h"

namespace freshet::functions {

void RegisterString(Registry&) {}

}  // namespace freshet::functions
