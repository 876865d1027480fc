// SPDX-License-Identifier: MIT
#include "api_service.hpp"

#include <chrono>
#include <optional>

#include <asio/post.hpp>
#include <lal/http/query.hpp>
#include <lal/net/ip_prefix.hpp>
#include <nlohmann/json.hpp>

#include "api_json.hpp"
#include "console_routes.hpp"
#include "ip_acl.hpp"
#include "log.hpp"
#include "prom_writer.hpp"
#include "record_service.hpp"
#include "relay_service.hpp"
#include "relay_url.hpp"

namespace lal::server {

using json = nlohmann::json;

namespace {

std::int64_t unix_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

http_asio::server_options connection_options(const config& c, const server_tls& tls = {}) {
    http_asio::server_options o;
    o.tls = tls.context;
    o.request_timeout = std::chrono::milliseconds(c.timeouts.handshake_ms);
    o.response.server = "lal";
    o.limits.max_body_bytes = 64 * 1024;  // control requests are small: more is 413
    return o;
}

/// Answers with a JSON body; call on the connection's executor.
void reply(const std::shared_ptr<http_asio::server_connection>& c, int status, const json& body) {
    if (!c->is_open()) return;
    http::response r(status);
    r.body(body.dump(), "application/json; charset=utf-8");
    r.add("Access-Control-Allow-Origin", "*");
    if (status == 401) r.add("WWW-Authenticate", "Bearer realm=\"lal\"");
    c->respond(std::move(r));
}

/// Answers later, from any thread: posted to the connection's executor.
void reply_later(const std::shared_ptr<http_asio::server_connection>& c, int status, json body) {
    asio::post(c->get_executor(), [c, status, body = std::move(body)] { reply(c, status, body); });
}

/// 400 with lal-Go's "param missing" code and what is wrong.
void bad_request(const std::shared_ptr<http_asio::server_connection>& c, std::string_view why) {
    reply(c, 400, api_envelope(api_code::param_missing, why));
}

/// The JSON object of a request body, or nullopt after answering 400.
std::optional<json> json_body(const http::request& req, const std::shared_ptr<http_asio::server_connection>& c) {
    const auto bytes = req.body.bytes();
    const std::string_view text(reinterpret_cast<const char*>(bytes.data()), bytes.size());
    json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded()) {
        bad_request(c, "malformed JSON body");
        return std::nullopt;
    }
    if (!j.is_object()) {
        bad_request(c, "the body must be a JSON object");
        return std::nullopt;
    }
    return j;
}

/// A string field; empty when absent. Sets `error` when present with another type.
std::string string_field(const json& j, const char* name, std::string& error) {
    auto it = j.find(name);
    if (it == j.end() || it->is_null()) return {};
    if (!it->is_string()) {
        error = std::string(name) + " must be a string";
        return {};
    }
    return it->get<std::string>();
}

/// An integer field, or `fallback` when absent. Sets `error` when present with another type.
std::int64_t int_field(const json& j, const char* name, std::int64_t fallback, std::string& error) {
    auto it = j.find(name);
    if (it == j.end() || it->is_null()) return fallback;
    if (!it->is_number_integer()) {
        error = std::string(name) + " must be an integer";
        return fallback;
    }
    return it->get<std::int64_t>();
}

/// lal-Go names a pulled stream after the last item of the URL path; the app
/// is the item before it ("live" when there is none).
lal::hub::stream_key key_from_url(const std::string& url, const std::string& stream_name) {
    auto path = url.substr(0, url.find('?'));
    const auto scheme = path.find("://");
    path = scheme == std::string::npos ? path : path.substr(scheme + 3);
    std::vector<std::string> items;
    for (std::size_t start = 0; start <= path.size();) {
        auto slash = path.find('/', start);
        if (slash == std::string::npos) slash = path.size();
        items.push_back(path.substr(start, slash - start));
        start = slash + 1;
    }
    // items[0] is the host.
    lal::hub::stream_key k{"live", stream_name};
    if (items.size() >= 3) k.app = items[items.size() - 2];
    if (k.name.empty() && items.size() >= 2) {
        k.name = items.back();
        if (k.name.ends_with(".flv")) k.name.resize(k.name.size() - 4);
    }
    return k;
}

}  // namespace

api_service::api_service(server_context& ctx)
    : ctx_(ctx),
      tls_(ctx.cfg.http_api.enable_https ? load_https_tls(ctx.cfg) : server_tls{}),
      acceptor_(ctx.loops.context(0), ctx.loops.contexts(), connection_options(ctx.cfg, tls_),
                {.on_accept_error = [](std::error_code ec) { LAL_LOG_WARN("[api] accept failed: {}", ec.message()); }}),
      routes_(std::make_shared<http_asio::router>(connection_options(ctx.cfg).response)),
      connections_(ctx.loops.size()) {
    ctx_.sessions.add_listener(ended_);
    add_routes();
}

api_service::~api_service() { ctx_.sessions.remove_listener(ended_); }

bool api_service::authorized(const http::request& req, const conn_ptr& c) const {
    const auto& token = ctx_.cfg.http_api.token;
    if (token.empty()) return true;
    if (auto h = req.headers.find("Authorization"); h && *h == "Bearer " + token) return true;
    // lalmax's ctrl_auth_whitelist passes the secret as ?token=.
    if (auto q = http::query_value(req.query, "token"); q && *q == token) return true;
    reply(c, 401, api_envelope(401, "a valid bearer token is required (http_api.token)"));
    return false;
}

void api_service::add_routes() {
    auto& r = *routes_;
    auto guarded = [this](void (api_service::*fn)(const http::request&, const conn_ptr&)) {
        return [this, fn](const http::request& req, const conn_ptr& c) {
            if (authorized(req, c)) (this->*fn)(req, c);
        };
    };
    r.exact("/api/stat/lal_info", {"GET"}, [this](const http::request& req, const conn_ptr& c) {
        if (!authorized(req, c)) return;
        reply(c, 200, api_envelope(api_code::succ, "succ", lal_info_json(ctx_.cfg, ctx_.start_unix_ms)));
    });
    r.exact("/api/stat/all_group", {"GET"}, [this](const http::request& req, const conn_ptr& c) {
        if (authorized(req, c)) stat_group(req, c, true);
    });
    r.exact("/api/stat/group", {"GET"}, [this](const http::request& req, const conn_ptr& c) {
        if (authorized(req, c)) stat_group(req, c, false);
    });
    r.exact("/api/stat/relay_pulls", {"GET"}, [this](const http::request& req, const conn_ptr& c) {
        if (authorized(req, c)) relay_pulls(c);
    });
    r.exact("/api/ctrl/start_relay_pull", {"POST"}, guarded(&api_service::start_relay_pull));
    // lal-Go reads its query string whatever the method; lalmax sends POST.
    r.exact("/api/ctrl/stop_relay_pull", {"GET", "POST"}, guarded(&api_service::stop_relay_pull));
    r.exact("/api/ctrl/kick_session", {"POST"}, guarded(&api_service::kick_session));
    r.exact("/api/ctrl/add_ip_blacklist", {"POST"}, guarded(&api_service::add_ip_blacklist));
    r.exact("/api/ctrl/start_record", {"POST"}, [this](const http::request& req, const conn_ptr& c) {
        if (authorized(req, c)) record_ctrl(req, c, true);
    });
    r.exact("/api/ctrl/stop_record", {"POST"}, [this](const http::request& req, const conn_ptr& c) {
        if (authorized(req, c)) record_ctrl(req, c, false);
    });
    r.exact("/metrics", {"GET"}, [this](const http::request& req, const conn_ptr& c) {
        if (!authorized(req, c)) return;
        ctx_.sessions.gather([this, c](std::vector<lal::hub::session_info> sessions) {
            auto text = render_metrics(ctx_, ended_, sessions);
            asio::post(c->get_executor(), [c, text = std::move(text)] {
                if (!c->is_open()) return;
                http::response answer(200);
                answer.body(text, prom_writer::content_type);
                c->respond(std::move(answer));
            });
        });
    });
    add_console_routes(r, ctx_.cfg);
    // Anything else: lal-Go's 404 envelope.
    r.prefix("/", {}, [](const http::request&, const conn_ptr& c) {
        reply(c, 404, api_envelope(api_code::page_not_found, "page not found"));
    });
}

void api_service::relay_pulls(const conn_ptr& c) {
    // What a scheduler asks an edge: which streams it pulls, and from where.
    ctx_.sessions.gather([this, c](std::vector<lal::hub::session_info> sessions) {
        auto pulls = nlohmann::json::array();
        for (const auto& s : sessions) {
            if (s.base_type != "PULL") continue;
            pulls.push_back({{"app_name", s.key.app},
                             {"stream_name", s.key.name},
                             {"url", s.url},
                             {"session_id", s.id},
                             {"read_bytes_sum", s.read_bytes}});
        }
        reply_later(c, 200, api_envelope(api_code::succ, "succ", {{"server_id", ctx_.cfg.server_id}, {"pulls", std::move(pulls)}}));
    });
}

void api_service::stat_group(const http::request& req, const conn_ptr& c, bool all) {
    std::string name;
    if (!all) {
        name = http::query_value(req.query, "stream_name").value_or("");
        if (name.empty()) {
            bad_request(c, "stream_name is missing");
            return;
        }
    }
    ctx_.sessions.gather([this, c, all, name](std::vector<lal::hub::session_info> sessions) {
        auto groups = stat_groups_json(sessions, ctx_.streams.keys(), unix_ms());
        add_records(groups);
        if (all) {
            reply_later(c, 200, api_envelope(api_code::succ, "succ", {{"groups", std::move(groups)}}));
            return;
        }
        for (auto& g : groups) {
            if (g["stream_name"] == name) {
                reply_later(c, 200, api_envelope(api_code::succ, "succ", std::move(g)));
                return;
            }
        }
        reply_later(c, 200, api_envelope(api_code::group_not_found, "group not found"));
    });
}

void api_service::add_records(nlohmann::json& groups) const {
    if (!ctx_.record) return;
    for (auto& g : groups) {
        // Beyond lal-Go: the stream's active recordings, an extra key of its group.
        json records = json::array();
        for (const auto& r : ctx_.record->status({g["app_name"].get<std::string>(), g["stream_name"].get<std::string>()})) {
            records.push_back({{"format", r.format},
                               {"file", r.file},
                               {"start_time", r.file.empty() ? "" : lal_time_text(r.start_unix_ms)},
                               {"bytes", r.bytes}});
        }
        g["records"] = std::move(records);
    }
}

void api_service::record_ctrl(const http::request& req, const conn_ptr& c, bool start) {
    auto body = json_body(req, c);
    if (!body) return;
    std::string error;
    const auto name = string_field(*body, "stream_name", error);
    const auto format = string_field(*body, "format", error);
    if (error.empty() && name.empty()) error = "stream_name is missing";
    if (!error.empty()) return bad_request(c, error);
    if (!ctx_.record) return reply(c, 200, api_envelope(api_code::group_not_found, "group not found"));
    LAL_LOG_INFO("[api] {}_record: stream_name={} format={}", start ? "start" : "stop", name, format);
    const auto o = start ? ctx_.record->start_recording(name, format) : ctx_.record->stop_recording(name, format);
    using answer = record_service::answer;
    switch (o.what) {
    case answer::done:
        return reply(c, 200, api_envelope(api_code::succ, "succ",
                                          {{"stream_name", o.key.name}, {"app_name", o.key.app}, {"formats", o.formats}}));
    case answer::bad_format:
        return bad_request(c, o.why);
    case answer::no_stream:
        return reply(c, 200, api_envelope(api_code::group_not_found, o.why));
    case answer::not_recording:
        return reply(c, 200, api_envelope(api_code::session_not_found, o.why));
    }
}

void api_service::start_relay_pull(const http::request& req, const conn_ptr& c) {
    auto body = json_body(req, c);
    if (!body) return;
    std::string error;
    const auto url = string_field(*body, "url", error);
    const auto stream_name = string_field(*body, "stream_name", error);
    pull_policy p;
    p.on_demand = false;
    const auto timeout = int_field(*body, "pull_timeout_ms", 10000, error);
    p.retry_num = int_field(*body, "pull_retry_num", 0, error);
    p.stop_after_idle_ms = int_field(*body, "auto_stop_pull_after_no_out_ms", -1, error);
    const auto rtsp_mode = int_field(*body, "rtsp_mode", 0, error);
    if (!error.empty()) {
        bad_request(c, error);
        return;
    }
    if (url.empty()) {
        bad_request(c, "url is missing");
        return;
    }
    if (timeout < 100 || timeout > 600000) {
        bad_request(c, "pull_timeout_ms must be between 100 and 600000");
        return;
    }
    if (rtsp_mode != 0 && rtsp_mode != 1) {
        bad_request(c, "rtsp_mode must be 0 (tcp) or 1 (udp)");
        return;
    }
    if (!url.starts_with("rtmp://") && !url.starts_with("rtmps://") && !is_http_url(url) && !is_rtsp_url(url)) {
        reply(c, 200, api_envelope(api_code::start_relay_pull_fail,
                                   "only rtmp://, rtmps://, http://, https:// (FLV), rtsp:// and rtsps:// URLs are pulled"));
        return;
    }
    p.rtsp_mode = static_cast<int>(rtsp_mode);
    p.connect_timeout_ms = static_cast<std::uint32_t>(timeout);
    p.read_timeout_ms = ctx_.cfg.relay_pull.read_timeout_ms;
    p.retry_interval_ms = ctx_.cfg.relay_pull.retry_interval_ms;
    auto key = key_from_url(url, stream_name);
    if (key.name.empty()) {
        bad_request(c, "stream_name is missing and the URL names no stream");
        return;
    }
    LAL_LOG_INFO("[api] start_relay_pull: stream={} url={}", key.str(), without_user_info(url));
    ctx_.relay->start_pull(key, url, p, [c, name = key.name](std::string id, std::string why) {
        if (id.empty()) {
            reply_later(c, 200, api_envelope(api_code::start_relay_pull_fail, "start relay pull fail: " + why));
        } else {
            reply_later(c, 200, api_envelope(api_code::succ, "succ", {{"stream_name", name}, {"session_id", id}}));
        }
    });
}

void api_service::stop_relay_pull(const http::request& req, const conn_ptr& c) {
    auto name = http::query_value(req.query, "stream_name").value_or("");
    if (name.empty() && req.method == "POST" && !req.body.bytes().empty()) {
        auto body = json_body(req, c);
        if (!body) return;
        std::string error;
        name = string_field(*body, "stream_name", error);
        if (!error.empty()) {
            bad_request(c, error);
            return;
        }
    }
    if (name.empty()) {
        bad_request(c, "stream_name is missing");
        return;
    }
    LAL_LOG_INFO("[api] stop_relay_pull: stream_name={}", name);
    ctx_.relay->stop_pull(name, [c](std::vector<std::string> ids) {
        if (ids.empty()) {
            reply_later(c, 200, api_envelope(api_code::group_not_found, "group not found"));
        } else {
            reply_later(c, 200, api_envelope(api_code::succ, "succ", {{"session_id", ids.front()}}));
        }
    });
}

void api_service::kick_session(const http::request& req, const conn_ptr& c) {
    auto body = json_body(req, c);
    if (!body) return;
    std::string error;
    const auto name = string_field(*body, "stream_name", error);
    const auto id = string_field(*body, "session_id", error);
    if (error.empty() && name.empty()) error = "stream_name is missing";
    if (error.empty() && id.empty()) error = "session_id is missing";
    if (!error.empty()) {
        bad_request(c, error);
        return;
    }
    ctx_.sessions.gather([this, c, name, id](std::vector<lal::hub::session_info> sessions) {
        bool group = false;
        bool found = false;
        for (const auto& s : sessions) {
            if (s.key.name != name) continue;
            group = true;
            found = found || s.id == id;
        }
        for (const auto& k : ctx_.streams.keys()) group = group || k.name == name;
        if (!group) {
            reply_later(c, 200, api_envelope(api_code::group_not_found, "group not found"));
            return;
        }
        if (!found) {
            reply_later(c, 200, api_envelope(api_code::session_not_found, "session not found"));
            return;
        }
        LAL_LOG_INFO("[api] kick_session: stream_name={} session_id={}", name, id);
        ctx_.sessions.kick(id, "kicked through the HTTP API", [c](bool kicked) {
            if (kicked) {
                reply_later(c, 200, api_envelope(api_code::succ, "succ"));
            } else {
                reply_later(c, 200, api_envelope(api_code::session_not_found, "session not found"));
            }
        });
    });
}

void api_service::add_ip_blacklist(const http::request& req, const conn_ptr& c) {
    auto body = json_body(req, c);
    if (!body) return;
    std::string error;
    const auto ip = string_field(*body, "ip", error);
    if (body->find("duration_sec") == body->end() && error.empty()) error = "duration_sec is missing";
    const auto seconds = int_field(*body, "duration_sec", 0, error);
    if (error.empty() && ip.empty()) error = "ip is missing";
    if (error.empty() && (seconds < 0 || seconds > 10 * 365 * 86400)) error = "duration_sec out of range";
    // Beyond lal-Go: a CIDR block ("10.0.0.0/8") blacklists every address in it.
    const auto block = lal::net::parse_ip_prefix(ip);
    if (error.empty() && !block) error = "ip: not an address or CIDR block (" + block.error().message() + ")";
    if (!error.empty()) {
        bad_request(c, error);
        return;
    }
    // make_services builds the IP lists whenever the API runs.
    ctx_.acl->blacklist(*block, static_cast<std::uint32_t>(seconds));
    LAL_LOG_INFO("[api] add_ip_blacklist: ip={} duration_sec={}", ip, seconds);
    reply(c, 200, api_envelope(api_code::succ, "succ"));
}

std::string api_service::listen() {
    if (!tls_.error.empty()) return tls_.error;
    return listen_and_log(acceptor_, tls_.context ? "HTTPS API" : "HTTP API", ctx_.cfg.http_api.addr);
}

void api_service::start() {
    std::shared_ptr<const http_asio::router> routes = routes_;
    acceptor_.start([this, routes](conn_ptr conn, std::size_t worker) {
        connections_[worker].insert(conn);
        conn->start(routes, [this, worker](const conn_ptr& c, std::error_code, const http_asio::connection_stats&) {
            connections_[worker].erase(c);
        });
    });
}

void api_service::stop(bool abort) {
    acceptor_.close();
    for (std::size_t w = 0; w < connections_.size(); ++w) {
        asio::post(ctx_.loops.context(w), [this, w, abort] {
            auto copy = connections_[w];
            for (auto& c : copy) abort ? c->abort() : c->close();
        });
    }
}

}  // namespace lal::server
