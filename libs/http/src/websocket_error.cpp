// SPDX-License-Identifier: MIT
#include <lal/http/websocket_error.hpp>

#include <string>

namespace lal::http::ws {
namespace {

class category_impl final : public std::error_category {
public:
    const char* name() const noexcept override { return "lal.http.websocket"; }

    std::string message(int ev) const override {
        switch (static_cast<errc>(ev)) {
            case errc::reserved_bits: return "WebSocket frame with reserved bits set";
            case errc::unknown_opcode: return "WebSocket frame with an unknown opcode";
            case errc::bad_mask: return "WebSocket frame masked the wrong way for its sender";
            case errc::non_minimal_length: return "WebSocket payload length not minimally encoded";
            case errc::length_msb_set: return "WebSocket 64-bit payload length with the top bit set";
            case errc::control_too_long: return "WebSocket control frame over 125 bytes";
            case errc::control_fragmented: return "fragmented WebSocket control frame";
            case errc::unexpected_continuation: return "WebSocket continuation frame without a message";
            case errc::expected_continuation: return "WebSocket data frame inside a fragmented message";
            case errc::frame_too_large: return "WebSocket frame too large";
            case errc::message_too_large: return "WebSocket message too large";
            case errc::bad_close_payload: return "malformed WebSocket close frame";
            case errc::invalid_utf8: return "WebSocket text not valid UTF-8";
        }
        return "unknown lal.http.websocket error";
    }
};

}  // namespace

const std::error_category& category() noexcept {
    static const category_impl instance;
    return instance;
}

close_code close_code_for(std::error_code ec) noexcept {
    if (ec.category() != category()) return close_code::internal_error;
    switch (static_cast<errc>(ec.value())) {
        case errc::frame_too_large:
        case errc::message_too_large:
            return close_code::message_too_big;  // RFC 6455 7.4.1: 1009
        case errc::invalid_utf8:
            return close_code::invalid_payload;  // RFC 6455 8.1: 1007
        default:
            return close_code::protocol_error;   // RFC 6455 7.4.1: 1002
    }
}

}  // namespace lal::http::ws
