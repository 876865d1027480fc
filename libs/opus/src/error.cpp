// SPDX-License-Identifier: MIT
#include <lal/opus/error.hpp>

#include <string>

namespace lal::opus {
namespace {

class opus_category final : public std::error_category {
public:
    const char* name() const noexcept override { return "lal.opus"; }
    std::string message(int ev) const override {
        switch (static_cast<errc>(ev)) {
        case errc::truncated: return "truncated OpusHead";
        case errc::bad_magic: return "OpusHead magic signature missing";
        case errc::unsupported_version: return "unsupported OpusHead major version";
        case errc::bad_channel_count: return "OpusHead channel count out of range for its mapping family";
        case errc::bad_stream_counts: return "OpusHead stream counts out of range";
        case errc::bad_channel_mapping: return "OpusHead channel mapping names a missing stream";
        }
        return "unknown lal.opus error";
    }
};

}  // namespace

const std::error_category& category() noexcept {
    static const opus_category instance;
    return instance;
}

std::error_code make_error_code(errc e) noexcept { return {static_cast<int>(e), category()}; }

}  // namespace lal::opus
