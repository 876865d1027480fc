// SPDX-License-Identifier: MIT
#include "cluster_record.hpp"

#include <array>
#include <charconv>

namespace lal::server::cluster {

namespace {

class record_category_impl final : public std::error_category {
public:
    const char* name() const noexcept override { return "lal.cluster"; }
    std::string message(int ev) const override {
        switch (static_cast<record_errc>(ev)) {
        case record_errc::too_long: return "registry record too long";
        case record_errc::field_count: return "registry record has the wrong number of fields";
        case record_errc::empty_field: return "registry record has an empty field";
        case record_errc::bad_version: return "registry record of an unknown version";
        case record_errc::bad_token: return "registry record has a bad server id or host";
        case record_errc::bad_port: return "registry record has a bad port";
        case record_errc::bad_number: return "registry record has a bad count";
        case record_errc::bad_flag: return "registry record's edge flag is not 0 or 1";
        }
        return "unknown lal.cluster error";
    }
};

constexpr std::size_t max_fields = 9;
using field_list = std::array<std::string_view, max_fields>;

// Splits `text` at single spaces into exactly `count` non-empty fields.
std::error_code split(std::string_view text, std::size_t count, field_list& out) {
    if (text.size() > max_record_size) return record_errc::too_long;
    std::size_t n = 0;
    for (;;) {
        const auto sp = text.find(' ');
        const auto field = text.substr(0, sp);
        if (field.empty()) return record_errc::empty_field;
        if (n == count) return record_errc::field_count;
        out[n++] = field;
        if (sp == std::string_view::npos) break;
        text.remove_prefix(sp + 1);
    }
    if (n != count) return record_errc::field_count;
    return {};
}

template <class T>
bool number(std::string_view s, T& v) {
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    return ec == std::errc{} && end == s.data() + s.size();
}

// Reads fields 0..4 (version, id, host, rtmp port, http port) of a version 1 record.
lal::result<stream_owner> owner_fields(const field_list& f) {
    if (f[0] != "1") return record_errc::bad_version;
    if (!valid_token(f[1]) || !valid_token(f[2])) return record_errc::bad_token;
    stream_owner o{std::string(f[1]), std::string(f[2]), 0, 0};
    if (!number(f[3], o.rtmp_port) || o.rtmp_port == 0) return record_errc::bad_port;
    if (!number(f[4], o.http_port)) return record_errc::bad_port;  // 0: no HTTP-FLV
    return o;
}

}  // namespace

const std::error_category& record_category() noexcept {
    static const record_category_impl instance;
    return instance;
}

std::error_code make_error_code(record_errc e) noexcept { return {static_cast<int>(e), record_category()}; }

bool valid_token(std::string_view s) noexcept {
    if (s.empty() || s.size() > max_token_size) return false;
    for (const char c : s) {
        const auto u = static_cast<unsigned char>(c);
        if (u <= ' ' || u >= 0x7f) return false;  // printable ASCII only
    }
    return true;
}

std::string encode(const stream_owner& o) {
    return "1 " + o.server_id + " " + o.host + " " + std::to_string(o.rtmp_port) + " " + std::to_string(o.http_port);
}

lal::result<stream_owner> parse_owner(std::string_view text) {
    field_list f;
    if (auto ec = split(text, 5, f)) return ec;
    return owner_fields(f);
}

std::string encode(const server_load& l) {
    return encode(l.server) + " " + (l.edge ? "1" : "0") + " " + std::to_string(l.players) + " " +
           std::to_string(l.out_kbits) + " " + std::to_string(l.streams);
}

lal::result<server_load> parse_load(std::string_view text) {
    field_list f;
    if (auto ec = split(text, 9, f)) return ec;
    auto owner = owner_fields(f);
    if (!owner) return owner.error();
    server_load l{std::move(*owner), f[5] == "1", 0, 0, 0};
    if (f[5] != "0" && f[5] != "1") return record_errc::bad_flag;
    if (!number(f[6], l.players) || !number(f[7], l.out_kbits) || !number(f[8], l.streams))
        return record_errc::bad_number;
    return l;
}

}  // namespace lal::server::cluster
