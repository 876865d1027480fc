// SPDX-License-Identifier: MIT
// SDP text (RFC 8866) to session_description and back.
#include <lal/sdp/session.hpp>

#include "text.hpp"

namespace lal::sdp {
namespace {

using detail::fields;
using detail::iequals;
using detail::number;
using detail::trim;

std::optional<std::string_view> find_attribute(const std::vector<attribute>& attrs, std::string_view name) {
    for (const auto& a : attrs) {
        if (iequals(a.name, name)) return a.value ? std::string_view(*a.value) : std::string_view();
    }
    return std::nullopt;
}

lal::result<connection> parse_connection(std::string_view v) {
    auto f = fields(v);
    if (f.size() < 3) return errc::bad_connection;
    return connection{std::string(f[0]), std::string(f[1]), std::string(f[2])};
}

// RFC 8866 6.6: a=rtpmap:<payload type> <encoding name>/<clock rate>[/<encoding parameters>]
std::optional<rtpmap> parse_rtpmap(std::string_view v) {
    auto f = fields(v);
    if (f.size() < 2) return std::nullopt;
    // Some cameras write "H264/90000" split by a space ("H264 /90000"): join the rest.
    std::string spec;
    for (std::size_t i = 1; i < f.size(); ++i) spec += f[i];
    auto pt = number<unsigned>(f[0]);
    if (!pt || *pt > 127) return std::nullopt;
    rtpmap m;
    m.payload_type = static_cast<std::uint8_t>(*pt);
    std::string_view s = spec;
    const auto slash = s.find('/');
    m.encoding = std::string(trim(s.substr(0, slash)));
    if (m.encoding.empty() || slash == std::string_view::npos) return std::nullopt;
    s.remove_prefix(slash + 1);
    const auto slash2 = s.find('/');
    auto rate = number<std::uint32_t>(s.substr(0, slash2));
    if (!rate) return std::nullopt;
    m.clock_rate = *rate;
    if (slash2 != std::string_view::npos) {
        auto ch = number<std::uint32_t>(s.substr(slash2 + 1));
        if (!ch) return std::nullopt;
        m.channels = *ch;
    }
    return m;
}

void write_connection(std::string& out, const connection& c) {
    out += "c=" + c.net_type + " " + c.addr_type + " " + c.address + "\r\n";
}

void write_attributes(std::string& out, const std::vector<attribute>& attrs) {
    for (const auto& a : attrs) {
        out += "a=" + a.name;
        if (a.value) out += ":" + *a.value;
        out += "\r\n";
    }
}

}  // namespace

std::optional<std::string_view> media_description::attribute(std::string_view name) const {
    return find_attribute(attributes, name);
}

std::optional<sdp::rtpmap> media_description::rtpmap(std::uint8_t pt) const {
    for (const auto& a : attributes) {
        if (!iequals(a.name, "rtpmap") || !a.value) continue;
        auto m = parse_rtpmap(*a.value);
        if (m && m->payload_type == pt) return m;
    }
    // RFC 3551 6, Table 4: static audio payload types of the codecs lal carries.
    if (pt == 0) return sdp::rtpmap{0, "PCMU", 8000, 1};
    if (pt == 8) return sdp::rtpmap{8, "PCMA", 8000, 1};
    return std::nullopt;
}

std::vector<fmtp_parameter> media_description::fmtp(std::uint8_t pt) const {
    for (const auto& a : attributes) {
        if (!iequals(a.name, "fmtp") || !a.value) continue;
        std::string_view v = trim(*a.value);
        auto end = v.find_first_of(" \t");
        if (number<unsigned>(v.substr(0, end)) != pt) continue;
        return end == std::string_view::npos ? std::vector<fmtp_parameter>{} : parse_fmtp(v.substr(end));
    }
    return {};
}

std::string_view media_description::control() const { return attribute("control").value_or(std::string_view()); }

std::optional<std::string_view> session_description::attribute(std::string_view key) const {
    return find_attribute(attributes, key);
}

std::string_view session_description::control() const { return attribute("control").value_or(std::string_view()); }

lal::result<session_description> parse(std::string_view text, const parse_options& options) {
    if (text.size() > options.max_size) return errc::too_large;
    session_description s;
    s.times.clear();
    media_description* m = nullptr;
    while (!text.empty()) {
        // CRLF, LF, or a lone CR all end a line.
        const auto end = text.find_first_of("\r\n");
        auto line = trim(text.substr(0, end));
        text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
        if (line.empty()) continue;
        // "<type>=<value>"; some writers put spaces around '='.
        const auto eq = line.find('=');
        if (eq == std::string_view::npos || trim(line.substr(0, eq)).size() != 1) return errc::bad_line;
        const char type = trim(line.substr(0, eq))[0];
        const auto value = trim(line.substr(eq + 1));
        switch (type) {
        case 'v':
            if (number<int>(value) != 0) return errc::bad_version;
            s.version = 0;
            break;
        case 'o': {
            auto f = fields(value);
            if (f.size() < 6) return errc::bad_origin;
            s.origin = {std::string(f[0]), std::string(f[1]), std::string(f[2]),
                        std::string(f[3]), std::string(f[4]), std::string(f[5])};
            break;
        }
        case 's': s.name = std::string(value); break;
        case 'i':
            if (m) m->title = std::string(value);
            else s.info = std::string(value);
            break;
        case 'u': s.uri = std::string(value); break;
        case 'c': {
            auto c = parse_connection(value);
            if (!c) return c.error();
            if (m) m->connection = std::move(*c);
            else s.connection = std::move(*c);
            break;
        }
        case 'b':
            if (m) m->bandwidths.emplace_back(value);
            else s.bandwidths.emplace_back(value);
            break;
        case 't': s.times.emplace_back(value); break;
        case 'm': {
            if (s.media.size() >= options.max_media) return errc::too_large;
            auto f = fields(value);
            if (f.size() < 3) return errc::bad_media;
            media_description md;
            md.media = std::string(f[0]);
            const auto slash = f[1].find('/');
            auto port = number<std::uint16_t>(f[1].substr(0, slash));
            if (!port) return errc::bad_media;
            md.port = *port;
            if (slash != std::string_view::npos) {
                auto count = number<std::uint16_t>(f[1].substr(slash + 1));
                if (!count) return errc::bad_media;
                md.port_count = *count;
            }
            md.proto = std::string(f[2]);
            for (std::size_t i = 3; i < f.size(); ++i) md.formats.emplace_back(f[i]);
            s.media.push_back(std::move(md));
            m = &s.media.back();
            break;
        }
        case 'a': {
            attribute a;
            const auto colon = value.find(':');
            a.name = std::string(trim(value.substr(0, colon)));
            if (colon != std::string_view::npos) a.value = std::string(trim(value.substr(colon + 1)));
            if (iequals(a.name, "rtpmap") && (!a.value || !parse_rtpmap(*a.value))) return errc::bad_rtpmap;
            (m ? m->attributes : s.attributes).push_back(std::move(a));
            break;
        }
        default: break;  // k=, r=, z= and unknown types: ignored (RFC 8866 5)
        }
    }
    if (s.times.empty()) s.times.emplace_back("0 0");
    return s;
}

std::string to_string(const session_description& s) {
    std::string out = "v=0\r\n";
    const auto& o = s.origin;
    out += "o=" + o.username + " " + o.session_id + " " + o.session_version + " " + o.net_type + " " + o.addr_type +
           " " + o.address + "\r\n";
    out += "s=" + (s.name.empty() ? std::string("-") : s.name) + "\r\n";
    if (s.info) out += "i=" + *s.info + "\r\n";
    if (s.uri) out += "u=" + *s.uri + "\r\n";
    if (s.connection) write_connection(out, *s.connection);
    for (const auto& b : s.bandwidths) out += "b=" + b + "\r\n";
    if (s.times.empty()) out += "t=0 0\r\n";
    for (const auto& t : s.times) out += "t=" + t + "\r\n";
    write_attributes(out, s.attributes);
    for (const auto& m : s.media) {
        out += "m=" + m.media + " " + std::to_string(m.port);
        if (m.port_count != 1) out += "/" + std::to_string(m.port_count);
        out += " " + m.proto;
        for (const auto& f : m.formats) out += " " + f;
        out += "\r\n";
        if (m.title) out += "i=" + *m.title + "\r\n";
        if (m.connection) write_connection(out, *m.connection);
        for (const auto& b : m.bandwidths) out += "b=" + b + "\r\n";
        write_attributes(out, m.attributes);
    }
    return out;
}

std::vector<fmtp_parameter> parse_fmtp(std::string_view parameters) {
    std::vector<fmtp_parameter> out;
    while (!parameters.empty()) {
        const auto semi = parameters.find(';');
        auto item = trim(parameters.substr(0, semi));
        parameters = semi == std::string_view::npos ? std::string_view() : parameters.substr(semi + 1);
        if (item.empty()) continue;
        // The value keeps any '=' of its own (base64 padding in sprop-*).
        const auto eq = item.find('=');
        if (eq == std::string_view::npos) out.emplace_back(std::string(item), std::string());
        else out.emplace_back(std::string(trim(item.substr(0, eq))), std::string(trim(item.substr(eq + 1))));
    }
    return out;
}

std::optional<std::string_view> fmtp_value(const std::vector<fmtp_parameter>& params, std::string_view name) {
    for (const auto& [k, v] : params) {
        if (iequals(k, name)) return std::string_view(v);
    }
    return std::nullopt;
}

std::optional<npt_range> parse_range(std::string_view value) {
    value = trim(value);
    const auto eq = value.find('=');
    if (eq == std::string_view::npos || !iequals(trim(value.substr(0, eq)), "npt")) return std::nullopt;
    value = value.substr(eq + 1);
    const auto dash = value.find('-');
    if (dash == std::string_view::npos) return std::nullopt;
    auto seconds = [](std::string_view t) -> std::optional<double> {
        t = trim(t);
        // npt-sec is digits with an optional fraction; npt-hhmmss is not used by cameras.
        std::size_t dots = 0;
        for (char c : t) {
            if (c == '.') ++dots;
            else if (c < '0' || c > '9') return std::nullopt;
        }
        if (t.empty() || dots > 1 || t.front() == '.') return std::nullopt;
        double v = 0, scale = 0;
        for (char c : t) {
            if (c == '.') scale = 1;
            else if (scale > 0) v += (c - '0') * (scale /= 10);
            else v = v * 10 + (c - '0');
        }
        return v;
    };
    npt_range r;
    const auto from = trim(value.substr(0, dash));
    const auto to = trim(value.substr(dash + 1));
    if (!iequals(from, "now")) {
        r.start = seconds(from);
        if (!r.start) return std::nullopt;
    }
    if (!to.empty()) {
        r.end = seconds(to);
        if (!r.end) return std::nullopt;
    }
    return r;
}

std::string resolve_control(std::string_view base, std::string_view control) {
    control = trim(control);
    if (control.empty() || control == "*") return std::string(base);
    // RFC 2326 C.1.1: an absolute URL is used as is.
    const auto scheme = control.find("://");
    if (scheme != std::string_view::npos && control.find('/') > scheme) return std::string(control);
    std::string out(base);
    if (!out.empty() && out.back() != '/') out += '/';
    if (control.front() == '/') control.remove_prefix(1);
    out += control;
    return out;
}

}  // namespace lal::sdp
