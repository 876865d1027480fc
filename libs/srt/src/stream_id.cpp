// SPDX-License-Identifier: MIT
#include <lal/srt/stream_id.hpp>

#include <algorithm>

namespace lal::srt {

namespace {

// SRT AccessControl.md: a stream id in the convention starts with these four bytes.
constexpr std::string_view prefix = "#!::";

bool is_control(char c) noexcept {
    const auto u = static_cast<unsigned char>(c);
    return u < 0x20 || u == 0x7f;
}

// "app/stream[?query]" or "stream[?query]" into `id`.
std::error_code read_resource(std::string_view text, const stream_id_options& options, stream_id& id) {
    std::string_view path = text;
    std::string_view query;
    if (const auto q = text.find('?'); q != std::string_view::npos) {
        path = text.substr(0, q);
        query = text.substr(q + 1);
    }
    // ',' separates the convention's items, so no resource may hold one (a plain
    // id too: it must print back in the convention's form).
    if (path.find(' ') != std::string_view::npos || text.find(',') != std::string_view::npos) return errc::bad_resource;
    const auto slash = path.find('/');
    std::string_view app = options.default_app;
    std::string_view stream = path;
    if (slash != std::string_view::npos) {
        app = path.substr(0, slash);
        stream = path.substr(slash + 1);
    }
    if (app.empty() || stream.empty() || stream.find('/') != std::string_view::npos) return errc::bad_resource;
    id.app = std::string(app);
    id.stream = std::string(stream);
    id.query = std::string(query);
    return {};
}

void add_query(std::string& query, std::string_view item) {
    if (!query.empty()) query += '&';
    query += item;
}

struct known_keys {
    std::string_view r, m, h, u, s, t;
    bool has_r = false, has_m = false, has_h = false, has_u = false, has_s = false, has_t = false;
};

// Records a standard key; false when it was given before.
bool take(bool& seen, std::string_view& slot, std::string_view value) {
    if (seen) return false;
    seen = true;
    slot = value;
    return true;
}

lal::result<stream_id> parse_keyed(std::string_view body, const stream_id_options& options) {
    known_keys k;
    std::string extra;  // unknown keys, in order, for the query
    std::size_t start = 0;
    while (start <= body.size()) {
        const auto comma = std::min(body.find(',', start), body.size());
        const auto item = body.substr(start, comma - start);
        start = comma + 1;
        const auto eq = item.find('=');
        if (eq == std::string_view::npos || eq == 0) return make_error_code(errc::bad_pair);
        const auto key = item.substr(0, eq);
        const auto value = item.substr(eq + 1);
        bool fresh = true;
        if (key == "r") fresh = take(k.has_r, k.r, value);
        else if (key == "m") fresh = take(k.has_m, k.m, value);
        else if (key == "h") fresh = take(k.has_h, k.h, value);
        else if (key == "u") fresh = take(k.has_u, k.u, value);
        else if (key == "s") fresh = take(k.has_s, k.s, value);
        else if (key == "t") fresh = take(k.has_t, k.t, value);
        else add_query(extra, item);  // application keys (lal_secret=...), as a URL query would carry them
        if (!fresh) return make_error_code(errc::duplicate_key);
    }
    if (k.has_t && k.t != "stream") return make_error_code(errc::unsupported_type);
    stream_id id;
    if (k.has_m) {
        if (k.m == "publish") id.mode = mode::publish;
        else if (k.m == "request") id.mode = mode::request;
        else if (k.m == "bidirectional") return make_error_code(errc::unsupported_mode);
        else return make_error_code(errc::bad_mode);
    }
    // r= names the stream; without it, lalmax reads the stream from h=.
    if (!k.has_r && !k.has_h) return make_error_code(errc::no_resource);
    if (auto e = read_resource(k.has_r ? k.r : k.h, options, id)) return e;
    if (k.has_r) id.host = std::string(k.h);
    id.user = std::string(k.u);
    id.session = std::string(k.s);
    if (!extra.empty()) add_query(id.query, extra);
    return id;
}

}  // namespace

lal::result<stream_id> parse_stream_id(std::string_view text, const stream_id_options& options) {
    if (text.empty()) return make_error_code(errc::empty);
    if (text.size() > max_stream_id_size) return make_error_code(errc::too_long);
    if (std::any_of(text.begin(), text.end(), is_control)) return make_error_code(errc::bad_character);
    if (text.starts_with(prefix)) return parse_keyed(text.substr(prefix.size()), options);
    stream_id id;
    if (auto e = read_resource(text, options, id)) return e;
    return id;
}

std::string to_string(const stream_id& id) {
    std::string out(prefix);
    out += "r=" + id.app + "/" + id.stream;
    if (!id.query.empty()) out += "?" + id.query;
    out += id.mode == mode::publish ? ",m=publish" : ",m=request";
    if (!id.host.empty()) out += ",h=" + id.host;
    if (!id.user.empty()) out += ",u=" + id.user;
    if (!id.session.empty()) out += ",s=" + id.session;
    return out;
}

int reject_code(std::error_code e) noexcept {
    if (e == errc::bad_mode || e == errc::unsupported_mode) return reject::bad_mode;
    if (e == errc::unsupported_type) return reject::unsupported_media;
    return reject::bad_request;
}

}  // namespace lal::srt
