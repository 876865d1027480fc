// SPDX-License-Identifier: MIT
#include <lal/vp9/error.hpp>

#include <string>

namespace lal::vp9 {
namespace {

class vp9_category final : public std::error_category {
public:
    const char* name() const noexcept override { return "lal.vp9"; }
    std::string message(int ev) const override {
        switch (static_cast<errc>(ev)) {
        case errc::truncated: return "truncated VPCodecConfigurationRecord";
        case errc::unsupported_version: return "unsupported vpcC version (1 expected)";
        case errc::bad_profile: return "VP9 profile above 3";
        case errc::bad_bit_depth: return "VP9 bit depth not 8, 10 or 12, or not allowed by the profile";
        case errc::bad_chroma_subsampling: return "VP9 chroma subsampling not allowed by the profile";
        case errc::has_initialization_data: return "vpcC codec initialization data must be empty for VP9";
        }
        return "unknown lal.vp9 error";
    }
};

}  // namespace

const std::error_category& category() noexcept {
    static const vp9_category instance;
    return instance;
}

std::error_code make_error_code(errc e) noexcept { return {static_cast<int>(e), category()}; }

}  // namespace lal::vp9
