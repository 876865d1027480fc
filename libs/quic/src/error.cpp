// SPDX-License-Identifier: MIT
#include <lal/quic/error.hpp>

#include <string>

namespace lal::quic {
namespace {

class quic_category final : public std::error_category {
public:
    const char* name() const noexcept override { return "lal.quic"; }
    std::string message(int ev) const override {
        switch (static_cast<errc>(ev)) {
        case errc::bad_credentials: return "QUIC certificate or key does not load";
        case errc::tls_setup: return "QUIC TLS session setup failed";
        case errc::bad_packet: return "not an acceptable QUIC Initial packet";
        case errc::transport_error: return "QUIC transport error";
        case errc::handshake_failed: return "QUIC handshake failed";
        case errc::closed: return "QUIC connection is closing";
        case errc::stream_blocked: return "QUIC peer allows no new stream now";
        case errc::unknown_stream: return "unknown or finished QUIC stream";
        case errc::queue_full: return "QUIC stream send queue is full";
        case errc::datagram_too_large: return "QUIC datagram larger than the peer accepts";
        }
        return "unknown lal.quic error";
    }
};

}  // namespace

const std::error_category& category() noexcept {
    static const quic_category instance;
    return instance;
}

std::error_code make_error_code(errc e) noexcept { return {static_cast<int>(e), category()}; }

}  // namespace lal::quic
