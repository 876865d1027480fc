// SPDX-License-Identifier: MIT
#include "ip_blacklist.hpp"

namespace lal::server {

std::string_view ip_blacklist::host_of(std::string_view remote) noexcept {
    if (remote.starts_with('[')) {
        const auto end = remote.find(']');
        return end == std::string_view::npos ? remote : remote.substr(1, end - 1);
    }
    const auto colon = remote.rfind(':');
    // One colon: "host:port"; more is a bare IPv6 address.
    if (colon != std::string_view::npos && remote.find(':') == colon) return remote.substr(0, colon);
    return remote;
}

void ip_blacklist::add(const std::string& ip, std::uint32_t seconds) {
    std::lock_guard lock(mutex_);
    if (seconds == 0) {
        until_ms_.erase(ip);
        return;
    }
    until_ms_[ip] = clock_() + std::uint64_t{seconds} * 1000;
}

bool ip_blacklist::blocked(std::string_view ip) {
    std::lock_guard lock(mutex_);
    auto it = until_ms_.find(std::string(ip));
    if (it == until_ms_.end()) return false;
    if (clock_() < it->second) return true;
    until_ms_.erase(it);
    return false;
}

void ip_blacklist::check(const admission_request& request, lal::hub::admission_reply reply) {
    const auto ip = host_of(request.remote);
    if (blocked(ip)) {
        reply(admission_result::refuse(std::string(ip) + " is on the IP blacklist"));
    } else {
        reply(admission_result::admit());
    }
}

}  // namespace lal::server
