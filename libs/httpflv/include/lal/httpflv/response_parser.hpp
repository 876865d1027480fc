// SPDX-License-Identifier: MIT
#pragma once

// Moved to <lal/http/response_parser.hpp>; the old lal::httpflv names remain.
#include <lal/httpflv/detail/http_names.hpp>
