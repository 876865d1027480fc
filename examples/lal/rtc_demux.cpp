// SPDX-License-Identifier: MIT
#include "rtc_demux.hpp"

#include <lal/webrtc/ice_lite.hpp>

namespace lal::server {

std::size_t rtc_demux::address_hash::operator()(const stun::transport_address& a) const noexcept {
    // FNV-1a over the address bytes and the port.
    std::size_t h = 1469598103934665603ull;
    const auto mix = [&h](std::uint8_t b) { h = (h ^ b) * 1099511628211ull; };
    for (auto b : a.bytes) mix(b);
    mix(static_cast<std::uint8_t>(a.port >> 8));
    mix(static_cast<std::uint8_t>(a.port & 0xff));
    mix(a.v6 ? 1 : 0);
    return h;
}

bool rtc_demux::add(const std::string& local_ufrag, session_id id) {
    if (!by_ufrag_.emplace(local_ufrag, id).second) return false;
    ufrag_of_[id] = local_ufrag;
    return true;
}

void rtc_demux::learn(const stun::transport_address& from, session_id id) { by_address_[from] = id; }

void rtc_demux::remove(session_id id) {
    if (auto it = ufrag_of_.find(id); it != ufrag_of_.end()) {
        by_ufrag_.erase(it->second);
        ufrag_of_.erase(it);
    }
    std::erase_if(by_address_, [id](const auto& entry) { return entry.second == id; });
}

std::optional<rtc_demux::session_id> rtc_demux::route(byte_span datagram,
                                                      const stun::transport_address& from) const {
    if (stun::looks_like_stun(datagram)) {
        // A check carries its session's ufrag; a STUN message without one
        // (a response, an indication, or garbage) goes where its address goes,
        // and that session's ICE agent refuses it.
        if (auto m = stun::parse(datagram)) {
            if (auto ufrag = webrtc::local_ufrag_of(*m)) {
                auto it = by_ufrag_.find(std::string(*ufrag));
                if (it != by_ufrag_.end()) return it->second;
                return std::nullopt;
            }
        }
    }
    auto it = by_address_.find(from);
    if (it == by_address_.end()) return std::nullopt;
    return it->second;
}

}  // namespace lal::server
