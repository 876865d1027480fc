// SPDX-License-Identifier: MIT
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include <lal/base/bytes.hpp>
#include <lal/stun/message.hpp>
#include <lal/webrtc/error.hpp>

namespace lal::webrtc {

/// ICE username fragment and password (RFC 8839 5.4).
struct ice_credentials {
    std::string ufrag;
    std::string pwd;
};

/// Credentials from caller-supplied random bytes (sans-IO): an 8-character
/// ufrag and a 24-character pwd of ice-chars (RFC 8839 5.4 asks for at least
/// 24 bits and 128 bits of randomness). Needs 32 bytes; throws std::invalid_argument otherwise.
ice_credentials make_ice_credentials(byte_span random);

/// What the responder did with one datagram.
struct ice_outcome {
    std::vector<std::byte> reply;  ///< send to the datagram's source when not empty
    std::error_code error;         ///< why it was refused (the reply may still carry an error response)
    bool nominated = false;        ///< an authenticated check with USE-CANDIDATE (RFC 8445 7.3.1.5)
};

/// The local ufrag of a check's USERNAME "local:remote" (RFC 8445 7.2.2), by
/// which a shared UDP port finds the session; nullopt without a USERNAME or colon.
std::optional<std::string_view> local_ufrag_of(const stun::message& m);

/// An ICE-lite agent's side of connectivity checks (RFC 8445 2.5, 7.3): it
/// never sends checks, is always controlled, and answers authenticated
/// Binding requests with their source address. One per session.
class ice_lite_responder {
public:
    /// `local` is what the answer announced; `remote_ufrag` comes from the offer.
    ice_lite_responder(ice_credentials local, std::string remote_ufrag);

    /// Handles a parsed STUN message received from `from`. Requests without
    /// USERNAME or MESSAGE-INTEGRITY get 400, wrong credentials 401
    /// (RFC 8489 9.1.3), ICE-CONTROLLED 487 (RFC 8445 7.3.1.1); responses and
    /// indications are ignored (not_binding_request, no reply).
    ice_outcome on_message(const stun::message& m, const stun::transport_address& from);

    /// The address of the latest nominated check: where media goes.
    const std::optional<stun::transport_address>& selected() const noexcept { return selected_; }
    /// The credentials this side announced.
    const ice_credentials& local() const noexcept { return local_; }

private:
    ice_credentials local_;
    std::string remote_ufrag_;
    std::optional<stun::transport_address> selected_;
};

}  // namespace lal::webrtc
