// SPDX-License-Identifier: MIT
#include "error.hpp"

#include <string>

namespace lalbench {
namespace {

class lalbench_category final : public std::error_category {
public:
    const char* name() const noexcept override { return "lalbench"; }

    std::string message(int value) const override {
        switch (static_cast<errc>(value)) {
        case errc::bad_http_response: return "malformed HTTP response";
        case errc::http_status: return "HTTP status other than 200";
        case errc::connect_rejected: return "connect rejected";
        case errc::play_failed: return "play failed";
        case errc::connect_timeout: return "timed out before the stream started";
        case errc::idle_timeout: return "no data from the server for too long";
        case errc::closed_by_server: return "closed by the server";
        case errc::connect_failed: return "connect failed";
        }
        return "unknown lalbench error";
    }
};

}  // namespace

const std::error_category& category() noexcept {
    static const lalbench_category instance;
    return instance;
}

}  // namespace lalbench
