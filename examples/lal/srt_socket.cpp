// SPDX-License-Identifier: MIT
#include "srt_socket.hpp"

#include <algorithm>

#include <arpa/inet.h>
#include <netdb.h>
#include <sys/socket.h>

#include <cstring>
#include <memory>

#include <lal/net/listen_address.hpp>

#include "log.hpp"

namespace lal::server {

namespace {
void log_from_srt(void*, int level, const char*, int, const char*, const char* message) {
    // libsrt's own diagnostics (garbage datagrams, dropped handshakes): for debugging only.
    if (level <= LOG_ERR) LAL_LOG_DEBUG("[srt] libsrt: {}", message);
}

template <class T>
bool set_option(SRTSOCKET s, SRT_SOCKOPT option, T value) {
    return srt_setsockflag(s, option, &value, sizeof value) != SRT_ERROR;
}

// Packets that fit a buffer of `bytes`, counted as libsrt counts SRTO_RCVBUF
// (1472-byte units: MSS 1500 less the UDP/IP header), at least its minimum 32.
int flight_window_packets(std::uint32_t bytes) {
    constexpr std::uint32_t unit = 1500 - 28;
    return static_cast<int>(std::max<std::uint32_t>(32, bytes / unit));
}
}  // namespace

srt_library::srt_library() {
    srt_startup();
    srt_setloglevel(LOG_ERR);
    srt_setloghandler(nullptr, log_from_srt);
    srt_setlogflags(SRT_LOGF_DISABLE_TIME | SRT_LOGF_DISABLE_THREADNAME | SRT_LOGF_DISABLE_SEVERITY |
                    SRT_LOGF_DISABLE_EOL);
}

srt_library::~srt_library() { srt_cleanup(); }

std::string srt_error_text() { return srt_getlasterror_str(); }

std::string srt_address_text(const sockaddr* address) {
    char text[INET6_ADDRSTRLEN] = {};
    if (address->sa_family == AF_INET) {
        const auto* a = reinterpret_cast<const sockaddr_in*>(address);
        inet_ntop(AF_INET, &a->sin_addr, text, sizeof text);
        return std::string(text) + ":" + std::to_string(ntohs(a->sin_port));
    }
    if (address->sa_family == AF_INET6) {
        const auto* a = reinterpret_cast<const sockaddr_in6*>(address);
        inet_ntop(AF_INET6, &a->sin6_addr, text, sizeof text);
        return "[" + std::string(text) + "]:" + std::to_string(ntohs(a->sin6_port));
    }
    return "?";
}

std::size_t srt_send_buffered(SRTSOCKET s) {
    std::size_t blocks = 0;
    std::size_t bytes = 0;
    if (srt_getsndbuffer(s, &blocks, &bytes) == SRT_ERROR) return 0;
    return bytes;
}

srt_listener open_srt_listener(const config::srt_section& cfg) {
    srt_listener out;
    auto fail = [&](std::string what) {
        out.error = "cannot listen for SRT on " + cfg.addr + ": " + what;
        if (out.socket != SRT_INVALID_SOCK) srt_close(out.socket);
        out.socket = SRT_INVALID_SOCK;
        return out;
    };
    auto address = net::parse_listen_address(cfg.addr);
    if (!address) return fail(address.error().message());
    // An empty host is every IPv4 interface (SRT callers such as ffmpeg and OBS dial IPv4 first).
    const std::string host = address->host.empty() ? "0.0.0.0" : address->host;
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_DGRAM;
    hints.ai_flags = AI_PASSIVE;
    addrinfo* found = nullptr;
    const auto port = std::to_string(address->port);
    if (const int rc = getaddrinfo(host.c_str(), port.c_str(), &hints, &found); rc != 0) return fail(gai_strerror(rc));
    std::unique_ptr<addrinfo, decltype(&freeaddrinfo)> owned(found, freeaddrinfo);

    out.socket = srt_create_socket();
    if (out.socket == SRT_INVALID_SOCK) return fail(srt_error_text());
    const auto s = out.socket;
    // Live mode (the default transtype): messages of at most 1316 bytes, too-late packets dropped.
    bool ok = set_option(s, SRTO_RCVSYN, false) && set_option(s, SRTO_SNDSYN, false) &&
              set_option(s, SRTO_LATENCY, static_cast<int>(cfg.latency_ms)) &&
              set_option(s, SRTO_CONNTIMEO, static_cast<int>(cfg.connect_timeout_ms)) &&
              set_option(s, SRTO_PEERIDLETIMEO, static_cast<int>(cfg.peer_idle_timeout_ms)) &&
              // SRTO_FC (the flight window, in packets) sizes libsrt's loss lists per
              // connection, about 36 bytes per packet both ways: at its default of 25600
              // they are ~0.9 MiB per connection whatever the buffers are. Sized to the
              // receive buffer instead (which libsrt caps at FC anyway); set first.
              set_option(s, SRTO_FC, flight_window_packets(cfg.max_buffer_bytes)) &&
              set_option(s, SRTO_SNDBUF, static_cast<int>(cfg.max_buffer_bytes)) &&
              set_option(s, SRTO_RCVBUF, static_cast<int>(cfg.max_buffer_bytes)) &&
              // SRT API: -1 is no limit (1 Gbit/s in live mode); 0 would mean "relative to the input rate".
              set_option(s, SRTO_MAXBW, cfg.maxbw == 0 ? std::int64_t{-1} : static_cast<std::int64_t>(cfg.maxbw));
    if (!ok) return fail(srt_error_text());
    if (!cfg.passphrase.empty()) {
        // With SRTO_ENFORCEDENCRYPTION (on by default) a caller without the
        // passphrase, or with another one, is refused during the handshake.
        if (srt_setsockflag(s, SRTO_PASSPHRASE, cfg.passphrase.data(), static_cast<int>(cfg.passphrase.size())) ==
                SRT_ERROR ||
            !set_option(s, SRTO_PBKEYLEN, static_cast<int>(cfg.pbkeylen)) || !set_option(s, SRTO_ENFORCEDENCRYPTION, true)) {
            return fail(srt_error_text());
        }
    }
    if (srt_bind(s, found->ai_addr, static_cast<int>(found->ai_addrlen)) == SRT_ERROR) return fail(srt_error_text());
    if (srt_listen(s, 128) == SRT_ERROR) return fail(srt_error_text());
    sockaddr_storage bound{};
    int length = sizeof bound;
    if (srt_getsockname(s, reinterpret_cast<sockaddr*>(&bound), &length) == SRT_ERROR) return fail(srt_error_text());
    out.bound = srt_address_text(reinterpret_cast<const sockaddr*>(&bound));
    return out;
}

}  // namespace lal::server
