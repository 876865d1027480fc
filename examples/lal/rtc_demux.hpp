// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>

#include <lal/base/bytes.hpp>
#include <lal/stun/message.hpp>

namespace lal::server {

/// Finds the WebRTC session a datagram on the shared UDP port (rtc.addr)
/// belongs to, sans-IO. A STUN check names its session by the local ufrag of
/// its USERNAME (RFC 8445 7.2.2, "local:remote"); everything else (DTLS,
/// SRTP, SRTCP, RFC 7983 7) by its source address, learned from the session's
/// nominated check. Unknown datagrams route nowhere and are counted by the caller.
class rtc_demux {
public:
    /// The server's handle of a session.
    using session_id = std::uint64_t;

    /// Registers a session by the ufrag its answer announced; false when the ufrag is taken.
    bool add(const std::string& local_ufrag, session_id id);
    /// Routes datagrams from `from` to `id` (its nominated address); another
    /// session that had the address loses it (the peer moved, RFC 8445 7.3.1.5).
    void learn(const stun::transport_address& from, session_id id);
    /// Forgets a session: its ufrag and its addresses.
    void remove(session_id id);
    /// The session `datagram` from `from` belongs to, or nullopt.
    std::optional<session_id> route(byte_span datagram, const stun::transport_address& from) const;
    /// Sessions registered.
    std::size_t size() const noexcept { return by_ufrag_.size(); }

private:
    struct address_hash {
        std::size_t operator()(const stun::transport_address& a) const noexcept;
    };
    std::unordered_map<std::string, session_id> by_ufrag_;
    std::unordered_map<session_id, std::string> ufrag_of_;
    std::unordered_map<stun::transport_address, session_id, address_hash> by_address_;
};

}  // namespace lal::server
