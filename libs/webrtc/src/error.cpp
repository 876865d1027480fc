// SPDX-License-Identifier: MIT
#include <lal/webrtc/error.hpp>

#include <string>

namespace lal::webrtc {
namespace {

class webrtc_category final : public std::error_category {
public:
    const char* name() const noexcept override { return "lal.webrtc"; }
    std::string message(int ev) const override {
        switch (static_cast<errc>(ev)) {
        case errc::not_an_offer: return "the offer is not a valid SDP";
        case errc::no_media: return "the offer has no audio or video section";
        case errc::too_many_media: return "the offer has too many media sections";
        case errc::not_secure: return "a media section is not UDP/TLS/RTP/SAVPF";
        case errc::missing_ice_credentials: return "the offer lacks a valid ice-ufrag/ice-pwd";
        case errc::missing_fingerprint: return "the offer lacks a sha-256 DTLS fingerprint";
        case errc::bad_setup: return "the offer's a=setup leaves no DTLS client (need actpass or active)";
        case errc::no_rtcp_mux: return "a media section lacks a=rtcp-mux";
        case errc::no_bundle: return "the media sections are not all in one BUNDLE group";
        case errc::missing_mid: return "a media section lacks a=mid";
        case errc::wrong_direction: return "a media section's direction does not fit the request";
        case errc::no_common_codec: return "no codec in the offer that the stream can use";
        case errc::not_binding_request: return "STUN message is not a Binding request";
        case errc::unauthorized: return "STUN check with wrong credentials";
        case errc::role_conflict: return "ICE role conflict: the peer is controlled";
        }
        return "unknown lal.webrtc error";
    }
};

}  // namespace

const std::error_category& category() noexcept {
    static const webrtc_category instance;
    return instance;
}

std::error_code make_error_code(errc e) noexcept { return {static_cast<int>(e), category()}; }

}  // namespace lal::webrtc
