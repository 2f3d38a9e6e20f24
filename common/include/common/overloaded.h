// Overloaded{lambdas...}: one visitor for std::visit from several lambdas.
#pragma once

namespace freshet {

template <class... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

}  // namespace freshet
