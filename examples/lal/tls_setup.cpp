// SPDX-License-Identifier: MIT
#include "tls_setup.hpp"

#include "log.hpp"

namespace lal::server {

server_tls load_server_tls(std::string_view label, std::string_view cert_key, const std::string& cert_file,
                           std::string_view key_key, const std::string& key_file) {
    server_tls out;
    std::string error;
    auto context = net::tls_context::server(cert_file, key_file, error);
    if (!context) {
        out.error = fmt::format("{} ({}, {}): {}", label, cert_key, key_key, error);
        return out;
    }
    out.context = *context;
    return out;
}

server_tls load_client_tls(std::string_view ca_key, const std::string& ca_file) {
    server_tls out;
    if (ca_file.empty()) return out;
    std::string error;
    auto context = net::tls_context::client({ca_file}, error);
    if (!context) {
        out.error = fmt::format("{}: {}", ca_key, error);
        return out;
    }
    out.context = *context;
    return out;
}

bool https_wanted(const config& c) {
    if (!c.httpflv.enable) return false;  // its listener carries HTTP-TS and HLS too
    return c.httpflv.enable_https || (c.httpts.enable && c.httpts.enable_https) || (c.hls.enable && c.hls.enable_https);
}

server_tls load_https_tls(const config& c) {
    return load_server_tls("HTTPS", "default_http.https_cert_file", c.default_http.https_cert_file,
                           "default_http.https_key_file", c.default_http.https_key_file);
}

}  // namespace lal::server
