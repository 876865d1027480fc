// SPDX-License-Identifier: MIT
#include <lal/fmp4/error.hpp>

#include <string>

namespace lal::fmp4 {
namespace {

class fmp4_category final : public std::error_category {
public:
    const char* name() const noexcept override { return "lal.fmp4"; }
    std::string message(int ev) const override {
        switch (static_cast<errc>(ev)) {
        case errc::truncated: return "box or field truncated";
        case errc::bad_box_size: return "box size out of range";
        case errc::too_deep: return "boxes nested too deep";
        case errc::too_many: return "more tracks, entries or samples than allowed";
        case errc::missing_box: return "required box missing";
        case errc::unsupported_codec: return "unsupported codec or sample entry";
        case errc::bad_config: return "codec configuration record does not parse";
        case errc::bad_track: return "bad or duplicate track id";
        case errc::too_large: return "fragment too large";
        }
        return "unknown lal.fmp4 error";
    }
};

}  // namespace

const std::error_category& category() noexcept {
    static const fmp4_category instance;
    return instance;
}

std::error_code make_error_code(errc e) noexcept { return {static_cast<int>(e), category()}; }

}  // namespace lal::fmp4
