// SPDX-License-Identifier: MIT
#pragma once

#include <memory>
#include <vector>

#include "service.hpp"

namespace lal::server {

/// Builds every service the config enables, in start order. This is the one
/// list a new protocol is added to.
std::vector<std::unique_ptr<service>> make_services(server_context& ctx);

}  // namespace lal::server
