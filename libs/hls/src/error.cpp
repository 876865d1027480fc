// SPDX-License-Identifier: MIT
#include <lal/hls/error.hpp>

#include <string>

namespace lal::hls {
namespace {

class hls_category final : public std::error_category {
public:
    const char* name() const noexcept override { return "lal.hls"; }
    std::string message(int ev) const override {
        switch (static_cast<errc>(ev)) {
        case errc::bad_options: return "HLS segmenter options out of range";
        case errc::stream_ended: return "the HLS playlist has ended (EXT-X-ENDLIST) and cannot restart";
        }
        return "unknown lal.hls error";
    }
};

}  // namespace

const std::error_category& category() noexcept {
    static const hls_category instance;
    return instance;
}

std::error_code make_error_code(errc e) noexcept {
    return {static_cast<int>(e), category()};
}

}  // namespace lal::hls
