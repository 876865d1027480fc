// SPDX-License-Identifier: MIT
#include <lal/moqt/error.hpp>

#include <string>

namespace lal::moqt {
namespace {

class moqt_category final : public std::error_category {
public:
    const char* name() const noexcept override { return "lal.moqt"; }
    std::string message(int ev) const override {
        switch (static_cast<errc>(ev)) {
        case errc::truncated: return "truncated MoQT unit";
        case errc::bad_length: return "MoQT message length disagrees with its body";
        case errc::unknown_message: return "MoQT message not allowed here";
        case errc::bad_message: return "malformed MoQT message";
        case errc::unknown_parameter: return "unknown MoQT message parameter";
        case errc::duplicate_parameter: return "repeated MoQT message parameter";
        case errc::bad_key_value: return "malformed MoQT key-value pair";
        case errc::bad_namespace: return "invalid MoQT track namespace or name";
        case errc::invalid_request_id: return "invalid MoQT request id";
        case errc::unknown_stream_type: return "unknown MoQT stream type";
        case errc::bad_object: return "malformed MoQT object";
        case errc::limit_exceeded: return "MoQT peer exceeded a limit";
        case errc::bad_state: return "MoQT session used in the wrong state";
        }
        return "unknown lal.moqt error";
    }
};

}  // namespace

const std::error_category& category() noexcept {
    static const moqt_category instance;
    return instance;
}

std::error_code make_error_code(errc e) noexcept { return {static_cast<int>(e), category()}; }

std::uint64_t termination_code(std::error_code ec) noexcept {
    // draft-ietf-moq-transport-20 3.5 (Table 18).
    if (ec.category() != category()) return 0x1;  // INTERNAL_ERROR
    switch (static_cast<errc>(ec.value())) {
    case errc::invalid_request_id: return 0x4;   // INVALID_REQUEST_ID
    case errc::bad_key_value: return 0x6;        // KEY_VALUE_FORMATTING_ERROR
    case errc::bad_state: return 0x1;            // INTERNAL_ERROR
    default: return 0x3;                         // PROTOCOL_VIOLATION
    }
}

}  // namespace lal::moqt
