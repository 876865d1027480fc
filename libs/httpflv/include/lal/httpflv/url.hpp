// SPDX-License-Identifier: MIT
#pragma once

// Moved to <lal/http/url.hpp>; the old lal::httpflv names remain.
#include <lal/httpflv/detail/http_names.hpp>
