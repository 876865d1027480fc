// SPDX-License-Identifier: MIT
#include <lal/webrtc_transport/error.hpp>

#include <string>

namespace lal::webrtc_transport {
namespace {

class transport_category final : public std::error_category {
public:
    const char* name() const noexcept override { return "lal.webrtc_transport"; }
    std::string message(int ev) const override {
        switch (static_cast<errc>(ev)) {
        case errc::certificate_failed: return "could not make the DTLS certificate";
        case errc::dtls_failed: return "DTLS handshake failed";
        case errc::fingerprint_mismatch: return "peer certificate does not match the SDP fingerprint";
        case errc::no_srtp_profile: return "no SRTP protection profile agreed";
        case errc::dtls_closed: return "DTLS closed by the peer";
        case errc::srtp_setup_failed: return "SRTP session setup failed";
        case errc::srtp_auth_failed: return "SRTP authentication failed";
        case errc::srtp_replay: return "SRTP replayed or too old packet";
        case errc::srtp_bad_packet: return "malformed SRTP packet";
        }
        return "unknown lal.webrtc_transport error";
    }
};

}  // namespace

const std::error_category& category() noexcept {
    static const transport_category instance;
    return instance;
}

std::error_code make_error_code(errc e) noexcept { return {static_cast<int>(e), category()}; }

}  // namespace lal::webrtc_transport
