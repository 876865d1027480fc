// SPDX-License-Identifier: MIT
#include <lal/h3/webtransport.hpp>

#include <algorithm>

#include <lal/h3/error.hpp>
#include <lal/h3/frame.hpp>
#include <lal/h3/varint.hpp>

namespace lal::h3 {

result<connect_request> parse_connect_request(const field_list& fields) {
    const std::string* method = nullptr;
    const std::string* protocol = nullptr;
    const std::string* scheme = nullptr;
    const std::string* authority = nullptr;
    const std::string* path = nullptr;
    bool regular_seen = false;
    connect_request r;
    for (const auto& f : fields) {
        if (!f.name.empty() && f.name[0] == ':') {
            // RFC 9114 4.3: pseudo-header fields come first, once each, from a known set.
            if (regular_seen) return errc::bad_request;
            const std::string** slot = f.name == ":method"      ? &method
                                       : f.name == ":protocol"  ? &protocol
                                       : f.name == ":scheme"    ? &scheme
                                       : f.name == ":authority" ? &authority
                                       : f.name == ":path"      ? &path
                                                                : nullptr;
            if (!slot || *slot) return errc::bad_request;
            *slot = &f.value;
            continue;
        }
        regular_seen = true;
        if (std::any_of(f.name.begin(), f.name.end(), [](char c) { return c >= 'A' && c <= 'Z'; }))
            return errc::bad_request;  // RFC 9114 4.2: names are lowercase
        if (f.name == "wt-available-protocols") {
            if (auto list = parse_string_list(f.value)) r.protocols = std::move(*list);
        } else if (f.name == "sec-webtransport-http3-draft02") {
            r.draft02 = true;
        } else if (f.name == "origin") {
            r.origin = f.value;
        }
    }
    if (!method || *method != "CONNECT") return errc::bad_request;
    // RFC 9220 3; later WebTransport drafts name the token webtransport-h3.
    if (!protocol || (*protocol != "webtransport" && *protocol != "webtransport-h3")) return errc::bad_request;
    if (!scheme || *scheme != "https") return errc::bad_request;
    if (!authority || authority->empty() || !path || path->empty()) return errc::bad_request;
    r.authority = *authority;
    r.path = *path;
    return r;
}

field_list connect_response(int status, std::string_view protocol, bool draft02) {
    field_list out{{":status", std::to_string(status)}};
    if (draft02) out.push_back({"sec-webtransport-http3-draft", "draft02"});
    if (!protocol.empty()) {
        // An sf-string (RFC 8941 3.3.3): quote, escaping " and backslash.
        std::string quoted = "\"";
        for (char c : protocol) {
            if (c == '"' || c == '\\') quoted += '\\';
            quoted += c;
        }
        quoted += '"';
        out.push_back({"wt-protocol", std::move(quoted)});
    }
    return out;
}

std::optional<std::vector<std::string>> parse_string_list(std::string_view v) {
    std::vector<std::string> out;
    std::size_t i = 0;
    const auto skip_ows = [&] {
        while (i < v.size() && (v[i] == ' ' || v[i] == '\t')) ++i;
    };
    skip_ows();
    if (i == v.size()) return out;
    for (;;) {
        // RFC 8941 3.3.3: DQUOTE *chr DQUOTE, chr printable ASCII with \" and \\ escapes.
        if (i == v.size() || v[i] != '"') return std::nullopt;
        ++i;
        std::string item;
        for (;;) {
            if (i == v.size()) return std::nullopt;
            char c = v[i++];
            if (c == '"') break;
            if (c == '\\') {
                if (i == v.size() || (v[i] != '"' && v[i] != '\\')) return std::nullopt;
                c = v[i++];
            } else if (c < 0x20 || c > 0x7e) {
                return std::nullopt;
            }
            item += c;
        }
        // Parameters (";key=value") are allowed and ignored here.
        while (i < v.size() && v[i] != ',') {
            if (v[i] == '"') return std::nullopt;
            ++i;
        }
        out.push_back(std::move(item));
        if (i == v.size()) return out;
        ++i;  // ','
        skip_ows();
        if (i == v.size()) return std::nullopt;  // trailing comma
    }
}

std::string choose_protocol(const std::vector<std::string>& offered, const std::vector<std::string>& client) {
    for (const auto& p : offered)
        if (std::find(client.begin(), client.end(), p) != client.end()) return p;
    return {};
}

result<datagram_view> parse_datagram(byte_span in) {
    const auto q = read_varint(in);
    if (!q) return errc::truncated;
    // RFC 9297 2.1: the Quarter Stream ID is at most 2^60 - 1, so times four fits.
    if (q->value > (max_varint >> 2)) return errc::bad_frame;
    return datagram_view{q->value * 4, in.subspan(q->size)};
}

void append_datagram(std::uint64_t stream_id, byte_span payload, std::vector<std::byte>& out) {
    append_varint(stream_id / 4, out);
    out.insert(out.end(), payload.begin(), payload.end());
}

void append_stream_header(bool bidirectional, std::uint64_t session_id, std::vector<std::byte>& out) {
    append_varint(bidirectional ? frame_type::webtransport_stream : stream_type::webtransport, out);
    append_varint(session_id, out);
}

void append_close_capsule(std::uint32_t code, std::string_view reason, std::vector<std::byte>& out) {
    reason = reason.substr(0, 1024);
    std::vector<std::byte> capsule;
    append_varint(capsule_type::close_webtransport_session, capsule);
    append_varint(4 + reason.size(), capsule);
    for (int shift = 24; shift >= 0; shift -= 8) capsule.push_back(static_cast<std::byte>((code >> shift) & 0xff));
    const auto r = as_byte_span(reason);
    capsule.insert(capsule.end(), r.begin(), r.end());
    append_frame(frame_type::data, capsule, out);
}

}  // namespace lal::h3
