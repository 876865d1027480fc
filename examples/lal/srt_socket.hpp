// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include <srt/srt.h>

#include "config.hpp"

namespace lal::server {

/// libsrt's global state: srt_startup on construction, srt_cleanup on
/// destruction; its log lines go to the server's log (debug).
class srt_library {
public:
    srt_library();
    ~srt_library();
    srt_library(const srt_library&) = delete;
    srt_library& operator=(const srt_library&) = delete;
};

/// A non-blocking live-mode listener configured from the srt section
/// (latency, passphrase and key length, bandwidth, timeouts, buffers), bound
/// to `cfg.addr` and listening. The error text names what failed.
struct srt_listener {
    SRTSOCKET socket = SRT_INVALID_SOCK;
    std::string bound;  ///< "0.0.0.0:6001", for the log
    std::string error;  ///< empty on success
};
srt_listener open_srt_listener(const config::srt_section& cfg);

/// "1.2.3.4:5678" or "[::1]:5678" of a socket address from libsrt.
std::string srt_address_text(const sockaddr* address);

/// The last libsrt error of this thread, as text.
std::string srt_error_text();

/// Bytes waiting in a socket's send buffer (sent, not yet acknowledged or dropped).
std::size_t srt_send_buffered(SRTSOCKET s);

}  // namespace lal::server
