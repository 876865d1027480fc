// SPDX-License-Identifier: MIT
#include <lal/transcode/error.hpp>

#include <string>

namespace lal::transcode {
namespace {

class transcode_category final : public std::error_category {
public:
    const char* name() const noexcept override { return "lal.transcode"; }
    std::string message(int ev) const override {
        switch (static_cast<errc>(ev)) {
        case errc::wrong_codec: return "frame is not audio of the transcoder's input codec";
        case errc::missing_config: return "AAC frame without an AudioSpecificConfig";
        case errc::bad_config: return "audio configuration does not parse or the decoder refuses it";
        case errc::unsupported_config: return "audio configuration not supported by the transcoder";
        case errc::frame_too_large: return "coded audio frame too large";
        case errc::decode_failed: return "audio decoder rejected the frame";
        case errc::encode_failed: return "audio encoder failed";
        case errc::codec_unavailable: return "libavcodec lacks the AAC decoder or encoder";
        }
        return "unknown lal.transcode error";
    }
};

}  // namespace

const std::error_category& category() noexcept {
    static const transcode_category instance;
    return instance;
}

std::error_code make_error_code(errc e) noexcept { return {static_cast<int>(e), category()}; }

}  // namespace lal::transcode
