// SPDX-License-Identifier: MIT
#pragma once

#include <cstdio>
#include <memory>
#include <string>

#include <fmt/core.h>
#include <lal/net/tls_context.hpp>

namespace lal_tools {

/// The help text of the tools' --ca-file option.
inline constexpr const char* ca_file_help =
    "with rtmps://, rtsps:// or https://, verify the server's certificate and name against these CAs (PEM); "
    "without it the certificate is not checked, as ffmpeg does by default";

/// The TLS client context for `ca_file` (null when empty: the default, which
/// does not verify). Prints why and returns false when the file does not load.
inline bool tls_for_ca_file(const char* tool, const std::string& ca_file,
                            std::shared_ptr<const lal::net::tls_context>& out) {
    if (ca_file.empty()) return true;
    std::string error;
    auto context = lal::net::tls_context::client({ca_file}, error);
    if (!context) {
        fmt::print(stderr, "{}: {}\n", tool, error);
        return false;
    }
    out = *context;
    return true;
}

}  // namespace lal_tools
