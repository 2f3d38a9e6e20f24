#include "functions/registry.h"

namespace freshet::functions {

void RegisterNumeric(Registry&) {}

}  // namespace freshet::functions
