#include "functions/registry.h"

namespace freshet::functions {

void RegisterDatetime(Registry&) {}

}  // namespace freshet::functions
