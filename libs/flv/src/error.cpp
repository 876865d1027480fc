// SPDX-License-Identifier: MIT
#include <lal/flv/error.hpp>

#include <string>

namespace lal::flv {
namespace {

class flv_category final : public std::error_category {
public:
    const char* name() const noexcept override { return "lal.flv"; }
    std::string message(int ev) const override {
        switch (static_cast<errc>(ev)) {
        case errc::truncated: return "truncated input";
        case errc::bad_signature: return "not an FLV file (bad signature)";
        case errc::bad_header: return "invalid FLV header";
        case errc::unknown_tag_type: return "unknown FLV tag type";
        case errc::encrypted_tag: return "encrypted FLV tag (filter bit set)";
        case errc::tag_too_large: return "FLV tag larger than the configured limit";
        case errc::bad_script_data: return "script data does not start with a name string";
        case errc::amf0_unknown_marker: return "unknown or reserved AMF0 type marker";
        case errc::amf0_amf3_unsupported: return "AMF3 (avmplus-object marker) is not supported";
        case errc::amf0_too_deep: return "AMF0 nesting too deep";
        case errc::amf0_unexpected_object_end: return "AMF0 object-end marker outside an object";
        case errc::not_sequence_header: return "not a sequence header";
        case errc::unsupported_codec: return "no FLV header for this codec";
        case errc::not_enhanced: return "not an Enhanced RTMP header";
        case errc::unsupported_multitrack: return "Enhanced RTMP multitrack packets are not supported";
        case errc::bad_mod_ex: return "bad Enhanced RTMP ModEx";
        }
        return "unknown lal.flv error";
    }
};

}  // namespace

const std::error_category& category() noexcept {
    static const flv_category instance;
    return instance;
}

std::error_code make_error_code(errc e) noexcept {
    return {static_cast<int>(e), category()};
}

}  // namespace lal::flv
