// SPDX-License-Identifier: MIT
#pragma once

#include <string>

#include <lal/http/client_request.hpp>
#include <lal/httpflv/url.hpp>

namespace lal::httpflv {

/// What a pulling client says about itself (lal::http::get_options with the
/// pull tool's User-Agent).
struct get_options {
    std::string user_agent = "lal-httpflvpull";  ///< empty leaves the field out
    bool head = false;                           ///< send HEAD instead of GET
};

/// lal::http::make_get_request with the pull tool's options.
inline std::string make_get_request(const url& u, const get_options& options = {}) {
    return lal::http::make_get_request(u, lal::http::get_options{options.user_agent, options.head});
}

}  // namespace lal::httpflv
