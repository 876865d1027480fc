// SPDX-License-Identifier: MIT
#include <lal/moqt/msf_catalog.hpp>

#include <lal/base/base64.hpp>

namespace lal::moqt {

namespace {
// RFC 8259 7: quote, backslash and control characters are escaped.
void append_string(std::string_view s, std::string& out) {
    static constexpr char hex[] = "0123456789abcdef";
    out += '"';
    for (char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += ch;
        } else if (c < 0x20) {
            out += "\\u00";
            out += hex[c >> 4];
            out += hex[c & 0xF];
        } else {
            out += ch;
        }
    }
    out += '"';
}

void append_field(std::string_view key, std::string_view value, std::string& out) {
    out += ',';
    append_string(key, out);
    out += ':';
    append_string(value, out);
}

template <class T>
void append_number(std::string_view key, const std::optional<T>& value, std::string& out) {
    if (!value) return;
    out += ',';
    append_string(key, out);
    out += ':';
    out += std::to_string(*value);
}
}  // namespace

std::string msf_catalog_json(std::span<const msf_track> tracks) {
    std::string out = R"({"version":"draft-01","tracks":[)";
    std::string inits;
    bool first = true;
    for (const auto& t : tracks) {
        if (!first) out += ',';
        first = false;
        out += "{\"name\":";
        append_string(t.name, out);
        append_field("packaging", t.packaging, out);
        out += ",\"isLive\":true";
        append_field("role", t.role, out);
        append_field("codec", t.codec, out);
        append_number("width", t.width, out);
        append_number("height", t.height, out);
        append_number("samplerate", t.samplerate, out);
        // MSF gives channelConfig as a string.
        if (t.channels) append_field("channelConfig", std::to_string(*t.channels), out);
        append_number("bitrate", t.bitrate, out);
        if (!t.init_data.empty()) {
            const std::string id = "init-" + t.name;
            append_field("initRef", id, out);
            if (!inits.empty()) inits += ',';
            inits += "{\"id\":";
            append_string(id, inits);
            append_field("type", "inline", inits);
            append_field("data", base64_encode(t.init_data), inits);
            inits += '}';
        }
        out += '}';
    }
    out += ']';
    if (!inits.empty()) out += ",\"initDataList\":[" + inits + ']';
    out += '}';
    return out;
}

}  // namespace lal::moqt
