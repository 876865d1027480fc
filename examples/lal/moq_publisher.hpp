// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <lal/hub/session_directory.hpp>
#include <lal/moqt/media_object.hpp>
#include <lal/moqt/session.hpp>

#include "hub_types.hpp"
#include "player_record.hpp"

namespace lal::server {

struct server_context;

/// The server's side of one MoQT session (a browser watching one stream):
/// the namespace (app, "<stream>.msf") names the stream; SUBSCRIBEs to its
/// `catalog`, `video` and `audio` tracks are admitted once (protocol "moq"),
/// then served from the hub: the MSF catalog, and a group per GOP that
/// starts with the GOP the hub has cached. Runs on the connection's worker;
/// the transport owns the session and calls close() before it goes.
class moq_publisher : public lal::hub::described_session, public std::enable_shared_from_this<moq_publisher> {
public:
    /// One per MoQT session on `worker`; `wake` is called (on that worker)
    /// whenever session.take_output() has something new that no on_event
    /// call produced (a frame from the hub, an admission decision). `root`
    /// goes before every namespace the browser names (the session URL's path).
    moq_publisher(server_context& ctx, std::size_t worker, lal::moqt::session& session, std::string remote,
                  std::string url_query, std::function<void()> wake, lal::moqt::draft20::track_namespace root = {});
    ~moq_publisher() override;
    moq_publisher(const moq_publisher&) = delete;
    moq_publisher& operator=(const moq_publisher&) = delete;

    /// Handles one event of session.next_event(); its answers are in the
    /// session's output when this returns (or later, after `wake`).
    void on_event(const lal::moqt::event& e);
    /// The session or its connection ended: leaves the hub and the directory.
    void close(std::string_view reason);
    /// `key` got a publisher (`live`) or lost it: namespace subscribers whose
    /// prefix covers it get NAMESPACE or NAMESPACE_DONE (draft-20 10.19).
    void on_stream_live(const stream_key& key, bool live);
    /// Where the transport reports the bytes of this session it holds unsent,
    /// so the hub's subscriber_queue limits see a slow browser.
    void set_backlog(std::function<std::size_t()> backlog) { backlog_ = std::move(backlog); }

    // described_session
    lal::hub::session_info describe() const override;
    void kick(std::string_view reason) override;

private:
    enum class track { catalog, video, audio };
    struct sub {
        track what = track::catalog;
        std::optional<std::uint64_t> skipped_group;  // a group abandoned for this subscriber
    };
    // A frame already framed as an object of the current group, for joiners.
    struct cached_object {
        track what;
        lal::moqt::draft20::location where;
        std::vector<std::byte> payload;
    };
    // A SUBSCRIBE_NAMESPACE being answered: its prefix, and the streams it was told of.
    struct listing {
        lal::moqt::draft20::track_namespace prefix;
        std::set<std::string> announced;  // stream_key::str()
    };
    class sink;

    void on_subscribe(const lal::moqt::moqt_event::subscribe& s);
    void on_subscribe_namespace(const lal::moqt::moqt_event::subscribe_namespace& n);
    bool announce(std::uint64_t request_id, listing& l, const stream_key& key, bool live);
    lal::moqt::draft20::track_namespace rooted(const lal::moqt::draft20::track_namespace& ns) const;
    void on_admitted(const admission_result& r);
    void answer(const lal::moqt::moqt_event::subscribe& s);
    void on_frame(const frame& f);
    void on_publisher_stop();
    void on_hub_close(std::string_view reason);
    void publish_catalog();
    void send_to(track what, const lal::moqt::draft20::location& where, lal::byte_span payload);
    void finish_all(std::uint64_t status, std::string_view reason);
    void wake();

    server_context& ctx_;
    std::size_t worker_;
    lal::moqt::session& session_;
    std::string remote_;
    std::string query_;
    lal::moqt::draft20::track_namespace root_;
    std::function<void()> wake_;
    std::function<std::size_t()> backlog_;
    std::string session_id_;
    std::int64_t start_unix_ms_;
    lal::moqt::draft20::track_namespace namespace_;
    stream_key key_;
    std::shared_ptr<admission_ticket> ticket_;
    std::vector<lal::moqt::moqt_event::subscribe> pending_;  // waiting for admission
    bool admitting_ = false;
    bool admitted_ = false;
    bool closed_ = false;
    bool in_directory_ = false;
    bool in_event_ = false;
    bool omit_largest_object_ = false;  // the peer misreads LARGEST_OBJECT (see answer())
    std::unique_ptr<sink> sink_;
    std::unique_ptr<subscription> subscription_;
    mutable player_record player_;
    std::map<std::uint64_t, sub> subs_;  // by Request ID
    std::map<std::uint64_t, listing> listings_;  // namespace subscriptions, by Request ID
    // The stream as this session sees it.
    media::track_config_ptr video_config_;
    media::track_config_ptr audio_config_;
    bool catalog_dirty_ = false;
    std::string catalog_;
    std::optional<std::uint64_t> catalog_group_;
    lal::moqt::media_groups groups_;
    std::vector<cached_object> gop_;  // the current group's objects
    std::size_t gop_bytes_ = 0;
    bool gop_complete_ = false;       // gop_ holds the group from its key frame
    std::uint64_t last_sequence_ = 0;
    std::uint64_t objects_sent_ = 0;
    std::uint64_t bytes_sent_ = 0;
};

}  // namespace lal::server
