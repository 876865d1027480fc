// SPDX-License-Identifier: MIT
#include <lal/srt/error.hpp>

#include <string>

namespace lal::srt {
namespace {

class srt_category final : public std::error_category {
public:
    const char* name() const noexcept override { return "lal.srt"; }
    std::string message(int ev) const override {
        switch (static_cast<errc>(ev)) {
        case errc::empty: return "empty stream id";
        case errc::too_long: return "stream id longer than 512 bytes";
        case errc::bad_character: return "control character in the stream id";
        case errc::bad_pair: return "stream id item is not key=value";
        case errc::duplicate_key: return "stream id repeats a key";
        case errc::no_resource: return "stream id names no stream (no r= or h=)";
        case errc::bad_resource: return "stream id resource is not app/stream";
        case errc::bad_mode: return "stream id mode is not request, publish or bidirectional";
        case errc::unsupported_mode: return "bidirectional mode is not supported";
        case errc::unsupported_type: return "stream id type is not stream";
        }
        return "unknown lal.srt error";
    }
};

}  // namespace

const std::error_category& category() noexcept {
    static const srt_category instance;
    return instance;
}

std::error_code make_error_code(errc e) noexcept { return {static_cast<int>(e), category()}; }

}  // namespace lal::srt
