// SPDX-License-Identifier: MIT
#include <lal/rtsp_asio/error.hpp>

#include <string>

namespace lal::rtsp_asio {
namespace {

class rtsp_asio_category final : public std::error_category {
public:
    const char* name() const noexcept override { return "lal.rtsp_asio"; }

    std::string message(int value) const override {
        switch (static_cast<errc>(value)) {
        case errc::bad_scheme: return "not an rtsp:// URL";
        case errc::bad_host: return "the URL has no valid host";
        case errc::bad_port: return "the URL has an invalid port";
        case errc::bad_user: return "the URL has badly escaped user information";
        case errc::no_udp_ports: return "no free UDP port pair for RTP and RTCP";
        case errc::connect_timeout: return "timed out before the stream started";
        case errc::read_timeout: return "no media received for too long";
        case errc::closed: return "closed by the server";
        }
        return "unknown lal.rtsp_asio error";
    }
};

}  // namespace

const std::error_category& category() noexcept {
    static const rtsp_asio_category instance;
    return instance;
}

}  // namespace lal::rtsp_asio
