// SPDX-License-Identifier: MIT
#include <lal/rtmp_asio/error.hpp>

#include <string>

namespace lal::rtmp_asio {
namespace {

class rtmp_asio_category final : public std::error_category {
public:
    const char* name() const noexcept override { return "lal.rtmp_asio"; }

    std::string message(int value) const override {
        switch (static_cast<errc>(value)) {
        case errc::bad_scheme: return "not an rtmp:// or rtmps:// URL";
        case errc::bad_host: return "the URL has no valid host";
        case errc::bad_port: return "the URL has an invalid port";
        case errc::missing_app: return "the URL has no app";
        case errc::missing_stream: return "the URL has no stream name";
        case errc::handshake_timeout: return "handshake and connect not completed in time";
        case errc::idle_timeout: return "nothing received for too long";
        case errc::connect_timeout: return "timed out";
        }
        return "unknown lal.rtmp_asio error";
    }
};

}  // namespace

const std::error_category& category() noexcept {
    static const rtmp_asio_category instance;
    return instance;
}

}  // namespace lal::rtmp_asio
