// SPDX-License-Identifier: MIT
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include <lal/net/tls_context.hpp>

#include "config.hpp"

namespace lal::server {

/// The TLS context of a listener, loaded once when the server is built; a
/// certificate or key that does not load leaves `error`, which listen()
/// returns so the server stops at start with it.
struct server_tls {
    std::shared_ptr<const net::tls_context> context;  ///< null when not needed or not loaded
    std::string error;                                ///< names the config keys and the file
};

/// Loads `cert_file` and `key_file` for `label` ("RTMPS"), whose config keys
/// are `cert_key` and `key_key` (named in the error).
server_tls load_server_tls(std::string_view label, std::string_view cert_key, const std::string& cert_file,
                           std::string_view key_key, const std::string& key_file);

/// The TLS client context of an outgoing https:// client (notify, hooks)
/// verifying against `ca_file`, whose config key is `ca_key` (named in the
/// error); no context and no error when `ca_file` is empty (not verified).
server_tls load_client_tls(std::string_view ca_key, const std::string& ca_file);

/// The HTTPS context (default_http's pair) when a section serves over HTTPS.
server_tls load_https_tls(const config& c);

/// True when some HTTP output is on and also wants HTTPS.
bool https_wanted(const config& c);

}  // namespace lal::server
