// SPDX-License-Identifier: MIT
#include <lal/http/client_request.hpp>

namespace lal::http {

std::string make_get_request(const url& u, const get_options& options) {
    std::string out = options.head ? "HEAD " : "GET ";
    out += u.target;
    out += " HTTP/1.1\r\nHost: ";
    out += host_header(u);
    out += "\r\n";
    if (!options.user_agent.empty()) {
        out += "User-Agent: ";
        out += options.user_agent;
        out += "\r\n";
    }
    out += "Accept: */*\r\nConnection: close\r\n\r\n";
    return out;
}

}  // namespace lal::http
