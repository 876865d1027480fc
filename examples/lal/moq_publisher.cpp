// SPDX-License-Identifier: MIT
#include "moq_publisher.hpp"

#include <algorithm>
#include <chrono>

#include <asio/post.hpp>

#include "log.hpp"
#include "moq_catalog.hpp"
#include "server_context.hpp"

namespace lal::server {

namespace d20 = lal::moqt::draft20;

namespace {
// The current GOP kept for subscribers that join in it; a longer one is not
// kept, and they start at the next key frame.
constexpr std::size_t max_cached_gop_bytes = 8 * 1024 * 1024;
// Stream reset code for a group a subscriber fell behind in (draft-20 3.3.4 CANCELLED).
constexpr std::uint64_t group_cancelled = 0x1;
// @moq/watch names a broadcast "<stream>.msf" to say its catalog is MSF.
constexpr std::string_view msf_suffix = ".msf";
// The MOQT_IMPLEMENTATION @moq/net sends (0.3.4), whose reader expects a
// Length before LARGEST_OBJECT's Location (see answer()).
constexpr std::string_view moq_net_implementation = "moq-lite-js";

std::int64_t unix_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}
}  // namespace

/// The hub's view of this player: forwards to the publisher, whose own close()
/// means something else (the session ended).
class moq_publisher::sink : public subscriber_sink {
public:
    explicit sink(moq_publisher& owner) : owner_(owner) {}
    void start() override {}
    void stop() override { owner_.on_publisher_stop(); }
    void send(const frame& f) override { owner_.on_frame(f); }
    std::size_t queued_bytes() const override { return owner_.backlog_ ? owner_.backlog_() : 0; }
    std::uint64_t written_bytes() const override { return owner_.bytes_sent_; }
    void close(std::string_view reason) override { owner_.on_hub_close(reason); }

private:
    moq_publisher& owner_;
};

moq_publisher::moq_publisher(server_context& ctx, std::size_t worker, lal::moqt::session& session, std::string remote,
                             std::string url_query, std::function<void()> wake, d20::track_namespace root)
    : ctx_(ctx),
      worker_(worker),
      session_(session),
      remote_(std::move(remote)),
      query_(std::move(url_query)),
      root_(std::move(root)),
      wake_(std::move(wake)),
      session_id_(ctx.sessions.next_id("MOQSUB")),
      start_unix_ms_(unix_ms()) {}

moq_publisher::~moq_publisher() { close("destroyed"); }

void moq_publisher::on_event(const lal::moqt::event& e) {
    if (closed_) return;
    in_event_ = true;
    if (const auto* s = std::get_if<lal::moqt::moqt_event::subscribe>(&e)) {
        on_subscribe(*s);
    } else if (const auto* setup = std::get_if<lal::moqt::moqt_event::setup>(&e)) {
        // draft-20 10.3.1.5: the peer names its implementation; see answer().
        for (const auto& o : setup->options)
            if (o.type == d20::setup_option::moqt_implementation)
                omit_largest_object_ = lal::as_string_view(o.bytes) == moq_net_implementation;
    } else if (const auto* t = std::get_if<lal::moqt::moqt_event::track_status>(&e)) {
        // 10.15: the same answer a SUBSCRIBE would get, without subscribing.
        std::optional<d20::location> largest;
        if (rooted(t->track_ns) == namespace_ && admitted_) {
            if (t->track_name == "catalog" && catalog_group_) largest = d20::location{*catalog_group_, 0};
            if (t->track_name == "video") largest = groups_.last_video();
            if (t->track_name == "audio") largest = groups_.last_audio();
        }
        if (largest) {
            session_.answer_track_status(t->request_id, largest);
        } else {
            session_.reject(t->request_id, d20::request_error_code::does_not_exist, "no such track (yet)");
        }
    } else if (const auto* n = std::get_if<lal::moqt::moqt_event::subscribe_namespace>(&e)) {
        on_subscribe_namespace(*n);
    } else if (const auto* u = std::get_if<lal::moqt::moqt_event::unsubscribe>(&e)) {
        subs_.erase(u->request_id);
        listings_.erase(u->request_id);
    }
    in_event_ = false;
}

void moq_publisher::on_subscribe_namespace(const lal::moqt::moqt_event::subscribe_namespace& n) {
    // @moq/watch asks for its broadcast's own namespace as the prefix (and,
    // for sibling lists, the empty prefix) and subscribes only once that
    // namespace is announced. REQUEST_OK, then NAMESPACE for each stream live
    // now; later ones come from on_stream_live (draft-20 10.19).
    if (session_.accept_subscribe_namespace(n.request_id)) return;
    auto& l = listings_[n.request_id];
    l.prefix = rooted(n.prefix);
    for (const auto& key : ctx_.streams.keys()) {
        auto s = ctx_.streams.find(key);
        if (s && s->live() && !announce(n.request_id, l, key, true)) {
            listings_.erase(n.request_id);
            return;
        }
    }
    std::string prefix;
    for (const auto& f : l.prefix) prefix += (prefix.empty() ? "" : "/") + f;
    LAL_LOG_INFO("[moq] namespaces: remote={} prefix=/{} live={}", remote_, prefix, l.announced.size());
}

void moq_publisher::on_stream_live(const stream_key& key, bool live) {
    if (closed_) return;
    for (auto it = listings_.begin(); it != listings_.end();) {
        if (announce(it->first, it->second, key, live)) {
            ++it;
        } else {
            it = listings_.erase(it);  // the browser stopped listening (reset the request stream)
        }
    }
    wake();
}

bool moq_publisher::announce(std::uint64_t request_id, listing& l, const stream_key& key, bool live) {
    // A stream is the namespace (app, stream.msf); a prefix matches it when
    // it is its first fields, the whole of it included, and NAMESPACE names
    // the fields after the prefix, none for an equal one (10.17, 10.19).
    const d20::track_namespace ns{key.app, key.name + std::string(msf_suffix)};
    if (l.prefix.size() > ns.size() || !std::equal(l.prefix.begin(), l.prefix.end(), ns.begin())) return true;
    // Each change once; NAMESPACE_DONE only after its NAMESPACE (10.19).
    const auto name = key.str();
    if (live == l.announced.contains(name)) return true;
    const d20::track_namespace suffix(ns.begin() + static_cast<std::ptrdiff_t>(l.prefix.size()), ns.end());
    if (session_.send_namespace(request_id, suffix, !live)) return false;
    if (live) {
        l.announced.insert(name);
    } else {
        l.announced.erase(name);
    }
    return true;
}

d20::track_namespace moq_publisher::rooted(const d20::track_namespace& ns) const {
    auto out = root_;
    out.insert(out.end(), ns.begin(), ns.end());
    return out;
}

void moq_publisher::on_subscribe(const lal::moqt::moqt_event::subscribe& s) {
    const auto ns = rooted(s.track_ns);
    if (namespace_.empty()) {
        // The broadcast is (app, stream) with @moq/watch's ".msf" suffix on the stream.
        if (ns.size() != 2) {
            session_.reject(s.request_id, d20::request_error_code::does_not_exist,
                            "the namespace is (app, stream.msf)");
            return;
        }
        std::string name = ns[1];
        if (name.ends_with(msf_suffix) && name.size() > msf_suffix.size()) name.resize(name.size() - msf_suffix.size());
        namespace_ = ns;
        key_ = stream_key{ns[0], name};
    } else if (ns != namespace_) {
        session_.reject(s.request_id, d20::request_error_code::does_not_exist, "one stream per session");
        return;
    }
    if (admitted_) {
        answer(s);
        return;
    }
    pending_.push_back(s);
    if (admitting_) return;
    admitting_ = true;
    admission_request ask{admission_action::play, key_, query_, "moq", remote_};
    ticket_ = ctx_.streams.admit(std::move(ask), worker_, [weak = weak_from_this()](admission_result r) {
        if (auto self = weak.lock()) self->on_admitted(r);
    });
}

void moq_publisher::on_admitted(const admission_result& r) {
    ticket_.reset();
    if (closed_) return;
    auto pending = std::move(pending_);
    pending_.clear();
    if (!r.admitted) {
        LAL_LOG_WARN("[moq] play refused: remote={} stream={}: {}", remote_, key_.str(), r.reason);
        for (const auto& s : pending)
            session_.reject(s.request_id, d20::request_error_code::unauthorized, r.reason);
        namespace_.clear();  // a later SUBSCRIBE asks again
        admitting_ = false;
        wake();
        return;
    }
    admitted_ = true;
    in_directory_ = true;
    ctx_.sessions.add(worker_, *this);
    LAL_LOG_INFO("[moq] play start: remote={} stream={}", remote_, key_.str());
    sink_ = std::make_unique<sink>(*this);
    // One cached GOP: a new subscriber starts at the current group (the
    // filter @moq/watch sends, draft-20 5.1.2 StartGroup 1 back from Next Group).
    subscription_ = ctx_.streams.subscribe(key_, *sink_, ctx_.forms.flv_tag, 1, worker_);
    for (const auto& s : pending) answer(s);
    wake();
}

void moq_publisher::answer(const lal::moqt::moqt_event::subscribe& s) {
    std::optional<track> what;
    std::optional<d20::location> largest;
    if (s.track_name == "catalog") {
        what = track::catalog;
        if (catalog_group_) largest = d20::location{*catalog_group_, 0};
    } else if (s.track_name == "video" && video_config_ && moq_serves(video_config_->codec)) {
        what = track::video;
        largest = groups_.last_video();
    } else if (s.track_name == "audio" && audio_config_ && moq_serves(audio_config_->codec)) {
        what = track::audio;
        largest = groups_.last_audio();
    }
    if (!what) {
        session_.reject(s.request_id, d20::request_error_code::does_not_exist,
                        "no track " + s.track_name + " in " + key_.str());
        return;
    }
    // draft-20 10.2.17: SUBSCRIBE_OK MUST carry LARGEST_OBJECT once the track
    // has objects, and 10.2 encodes a Location as two bare varints. @moq/net
    // 0.3.4 reads a Length first (the Key-Value-Pair rule for odd types,
    // which draft-20 keeps for Setup Options and Properties only), so it
    // would misread the message and fail the SUBSCRIBE: that peer gets no
    // LARGEST_OBJECT. Its subscription then starts at {0, 0}, and the replay
    // below still begins at the current group's first object.
    if (omit_largest_object_) largest.reset();
    if (session_.accept_subscribe(s.request_id, largest)) return;
    subs_[s.request_id] = sub{*what, std::nullopt};
    // The current group first: the catalog in effect, or the cached GOP.
    if (*what == track::catalog) {
        if (catalog_group_) session_.send_object(s.request_id, *catalog_group_, 0, lal::as_byte_span(catalog_));
        return;
    }
    if (!gop_complete_) return;
    for (const auto& o : gop_) {
        if (o.what != *what) continue;
        session_.send_object(s.request_id, o.where.group, o.where.object, o.payload);
        ++objects_sent_;
        bytes_sent_ += o.payload.size();
    }
}

void moq_publisher::on_frame(const frame& f) {
    if (closed_) return;
    if (f.is_config()) {
        if (f.kind() == media_kind::video) video_config_ = f.config();
        if (f.kind() == media_kind::audio) audio_config_ = f.config();
        catalog_dirty_ = true;
        return;
    }
    if (f.what() != frame::type::frame || !media::is_av(f.kind()) || !moq_serves(f.codec())) return;
    if (catalog_dirty_) publish_catalog();
    // The hub dropped frames for us (the browser reads too slowly): the open
    // group has a hole, so its streams are reset and it is not kept for joiners.
    if (subscription_) {
        const auto dropped = subscription_->state().stats().frames_dropped;
        if (dropped != player_.dropped) {
            player_.dropped = dropped;
            gop_complete_ = false;
            for (auto& [id, s] : subs_) {
                if (s.what == track::catalog) continue;
                session_.abandon_group(id, group_cancelled);
                if (auto last = s.what == track::video ? groups_.last_video() : groups_.last_audio())
                    s.skipped_group = last->group;
            }
        }
    }
    const bool video = f.kind() == media_kind::video;
    const auto where =
        video ? groups_.video(f.is_keyframe(), f.gop()) : groups_.audio(f.dts(), f.sequence());
    if (!where) return;
    if (gop_.empty() || gop_.front().where.group != where->group) {
        gop_.clear();
        gop_bytes_ = 0;
        gop_complete_ = where->object == 0;
    }
    std::vector<std::byte> payload;
    lal::moqt::append_media_object(static_cast<std::uint64_t>(std::max<media::micros>(f.pts(), 0)),
                                   f.data().bytes(), payload);
    const track what = video ? track::video : track::audio;
    send_to(what, *where, payload);
    if (gop_complete_) {
        gop_bytes_ += payload.size();
        if (gop_bytes_ > max_cached_gop_bytes) {
            gop_complete_ = false;
            gop_.clear();
        } else {
            gop_.push_back(cached_object{what, *where, std::move(payload)});
        }
    }
    wake();
}

void moq_publisher::send_to(track what, const d20::location& where, lal::byte_span payload) {
    for (auto& [id, s] : subs_) {
        if (s.what != what) continue;
        if (s.skipped_group) {
            if (*s.skipped_group == where.group) continue;
            s.skipped_group.reset();
        }
        if (session_.send_object(id, where.group, where.object, payload)) continue;
        ++objects_sent_;
        bytes_sent_ += payload.size();
    }
}

void moq_publisher::publish_catalog() {
    catalog_dirty_ = false;
    std::vector<lal::moqt::msf_track> tracks;
    for (const auto& c : {video_config_, audio_config_}) {
        if (!c) continue;
        if (auto t = msf_track_for(*c)) tracks.push_back(std::move(*t));
    }
    auto json = lal::moqt::msf_catalog_json(tracks);
    if (catalog_group_ && json == catalog_) return;
    catalog_ = std::move(json);
    // Each version of the catalog is a group of one object.
    catalog_group_ = catalog_group_ ? *catalog_group_ + 1 : 0;
    send_to(track::catalog, {*catalog_group_, 0}, lal::as_byte_span(catalog_));
}

void moq_publisher::on_publisher_stop() {
    if (closed_) return;
    LAL_LOG_INFO("[moq] publisher of {} left: ending {}'s subscriptions", key_.str(), remote_);
    finish_all(d20::publish_done_code::track_ended, "the publisher left");
    video_config_.reset();
    audio_config_.reset();
    gop_.clear();
    gop_complete_ = false;
    wake();
}

void moq_publisher::on_hub_close(std::string_view reason) {
    player_.slow_closed = true;
    LAL_LOG_WARN("[moq] player {} of {} too slow: {}", remote_, key_.str(), reason);
    // Not from inside the hub's fan-out: leaving the hub there would pull the
    // subscriber list from under it.
    asio::post(ctx_.loops.context(worker_), [weak = weak_from_this(), why = std::string(reason)] {
        auto self = weak.lock();
        if (!self || self->closed_) return;
        self->finish_all(d20::publish_done_code::too_far_behind, why);
        self->subscription_.reset();
        self->admitted_ = false;
        self->namespace_.clear();
        self->wake();
    });
}

void moq_publisher::finish_all(std::uint64_t status, std::string_view reason) {
    for (const auto& [id, s] : subs_) session_.finish_subscription(id, status, reason);
    subs_.clear();
}

void moq_publisher::wake() {
    if (!in_event_ && !closed_ && wake_) wake_();
}

void moq_publisher::kick(std::string_view reason) {
    if (closed_) return;
    LAL_LOG_INFO("[moq] kicking {} ({}): {}", remote_, session_id_, reason);
    finish_all(d20::publish_done_code::going_away, "kicked: " + std::string(reason));
    session_.send_goaway({}, 0);
    wake();
    close("kicked: " + std::string(reason));
}

lal::hub::session_info moq_publisher::describe() const {
    lal::hub::session_info i;
    i.id = session_id_;
    i.protocol = "MOQ";
    i.base_type = "SUB";
    i.remote_addr = remote_;
    i.key = key_;
    i.url = "/" + key_.app + "/" + key_.name + std::string(msf_suffix) + (query_.empty() ? "" : "?" + query_);
    i.url_param = query_;
    i.start_unix_ms = start_unix_ms_;
    i.wrote_bytes = bytes_sent_;
    i.write_calls = objects_sent_;
    player_.describe_into(i, subscription_.get());
    return i;
}

void moq_publisher::close(std::string_view reason) {
    if (closed_) return;
    closed_ = true;
    if (ticket_) ticket_->cancel();
    ticket_.reset();
    if (in_directory_) {
        in_directory_ = false;
        ctx_.sessions.remove(worker_, describe());  // first: it still reads the subscription
    }
    subscription_.reset();
    sink_.reset();
    if (admitted_)
        LAL_LOG_INFO("[moq] session end: remote={} stream={} objects={} bytes={} reason={}", remote_, key_.str(),
                     objects_sent_, bytes_sent_, reason);
}

}  // namespace lal::server
