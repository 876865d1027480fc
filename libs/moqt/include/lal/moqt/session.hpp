// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <variant>
#include <vector>

#include <lal/base/bytes.hpp>
#include <lal/moqt/draft20.hpp>

namespace lal::moqt {

/// Limits of one session.
struct session_limits {
    std::size_t max_message = 16384;  ///< longest control message body accepted
    std::size_t max_requests = 64;    ///< open request streams at once
    std::size_t max_streams = 256;    ///< peer streams tracked at once
};

/// What a session is configured with.
struct session_options {
    session_limits limits{};
    std::string implementation = "lal";  ///< MOQT_IMPLEMENTATION setup option (10.3.1.5)
};

/// Events of a session, named after what arrived.
namespace moqt_event {
/// The client's SETUP (10.3).
struct setup {
    draft20::key_values options;
};
/// A SUBSCRIBE to answer with session::accept_subscribe or reject (10.7).
struct subscribe {
    std::uint64_t request_id = 0;
    draft20::track_namespace track_ns;
    std::string track_name;
    std::optional<draft20::location_filter> filter;
    bool forward = true;
    std::uint8_t priority = 128;  ///< SUBSCRIBER_PRIORITY, 128 when absent (10.2.7)
    std::string authorization;    ///< AUTHORIZATION TOKEN value bytes, empty when absent
};
/// A TRACK_STATUS to answer with session::answer_track_status or reject (10.15).
struct track_status {
    std::uint64_t request_id = 0;
    draft20::track_namespace track_ns;
    std::string track_name;
};
/// The subscriber cancelled a subscription or a namespace subscription by
/// resetting its stream (5.1, 3.3.3).
struct unsubscribe {
    std::uint64_t request_id = 0;
};
/// The client sent GOAWAY on its control stream (10.4).
struct goaway {};
/// A SUBSCRIBE_NAMESPACE to answer with session::accept_subscribe_namespace
/// or reject (10.19): the client wants NAMESPACE for each namespace under `prefix`.
struct subscribe_namespace {
    std::uint64_t request_id = 0;
    draft20::track_namespace prefix;
};
}  // namespace moqt_event

/// One event of session::next_event.
using event = std::variant<moqt_event::setup, moqt_event::subscribe, moqt_event::track_status,
                           moqt_event::unsubscribe, moqt_event::goaway, moqt_event::subscribe_namespace>;

/// Bytes for one stream. `local` streams are unidirectional streams the
/// session asks for (its control stream is local 0; data streams follow):
/// open a stream the first time a local number appears. Other numbers are
/// the peer's bidirectional request streams. `reset` aborts the stream.
struct outgoing {
    std::uint64_t stream = 0;
    bool local = false;
    std::vector<std::byte> bytes;
    bool fin = false;
    std::optional<std::uint64_t> reset;
};

/// The publisher side of one MoQT draft-20 session (a server answering a
/// browser), sans-IO: the transport feeds the peer's stream bytes and writes
/// take_output. Subscriptions are looked up by track name; objects sent for
/// a subscription become subgroup streams, one per group. Not thread-safe.
class session {
public:
    /// A session with `options`.
    explicit session(session_options options = {});

    /// Queues our SETUP on the local control stream (3.3).
    void start();

    /// Consumes bytes of a peer unidirectional stream (its control stream,
    /// or data it may not send us, which is dropped). Errors end the session.
    std::error_code feed_uni(std::uint64_t stream_id, byte_span bytes, bool fin);
    /// Consumes bytes of a peer bidirectional request stream (3.3).
    std::error_code feed_request(std::uint64_t stream_id, byte_span bytes, bool fin);
    /// The peer reset (or stopped) a request stream: the request is cancelled (3.3.3).
    void on_request_reset(std::uint64_t stream_id);

    /// The next event; empty when everything fed has been reported.
    std::optional<event> next_event();

    /// Accepts a SUBSCRIBE: SUBSCRIBE_OK with a new Track Alias and the
    /// track's Largest Object, if any (10.8, 10.2.17).
    std::error_code accept_subscribe(std::uint64_t request_id, std::optional<draft20::location> largest);
    /// Refuses a pending request with REQUEST_ERROR and ends its stream (10.6).
    std::error_code reject(std::uint64_t request_id, std::uint64_t error_code, std::string_view reason);
    /// Answers a TRACK_STATUS with REQUEST_OK carrying LARGEST_OBJECT (10.15).
    std::error_code answer_track_status(std::uint64_t request_id, std::optional<draft20::location> largest);

    /// Accepts a SUBSCRIBE_NAMESPACE with REQUEST_OK; its stream stays open
    /// for NAMESPACE and NAMESPACE_DONE (10.19).
    std::error_code accept_subscribe_namespace(std::uint64_t request_id);
    /// Tells a namespace subscription that the namespace `prefix` + `suffix`
    /// has tracks (NAMESPACE, 10.17) or no longer has (NAMESPACE_DONE, 10.18).
    std::error_code send_namespace(std::uint64_t request_id, const draft20::track_namespace& suffix, bool done = false);

    /// Sends one Object to a subscription: a new group closes the previous
    /// group's stream and opens another (11.4.2). Objects before the
    /// subscription's start, or while Forward is 0, are dropped.
    std::error_code send_object(std::uint64_t request_id, std::uint64_t group, std::uint64_t object,
                                byte_span payload);
    /// Abandons the group a subscription has open: its stream is reset with
    /// `code` (a subscriber too far behind skips to the next group, 11.4.3);
    /// the next object sent opens a new stream. Nothing happens when none is open.
    std::error_code abandon_group(std::uint64_t request_id, std::uint64_t code);
    /// Ends a subscription: closes its data stream, sends PUBLISH_DONE with
    /// the stream count and ends the request stream (10.12).
    std::error_code finish_subscription(std::uint64_t request_id, std::uint64_t status, std::string_view reason);
    /// Established subscriptions to one track, by Request ID.
    std::vector<std::uint64_t> subscriptions_for(const draft20::track_namespace& ns, std::string_view name) const;
    /// Queues GOAWAY on our control stream (10.4).
    void send_goaway(std::string_view new_session_uri, std::uint64_t timeout_ms);

    /// Stream writes queued since the last call, in order.
    std::vector<outgoing> take_output();
    /// True once the client's SETUP arrived.
    bool setup_received() const noexcept { return setup_received_; }

private:
    enum class request_kind { subscribe, track_status, namespaces, refused };
    struct request {
        request_kind kind = request_kind::refused;
        std::uint64_t stream_id = 0;
        draft20::track_namespace track_ns;
        std::string track_name;
        std::optional<draft20::location_filter> filter;
        bool established = false;
        bool forward = true;
        std::uint64_t track_alias = 0;
        draft20::location start{};
        std::optional<std::uint64_t> data_stream;  // local stream of the open group
        std::uint64_t group = 0;
        std::optional<std::uint64_t> last_object;
        std::uint64_t streams_opened = 0;
    };
    struct request_stream {
        draft20::message_reader reader;
        std::optional<std::uint64_t> request_id;
        bool goaway_seen = false;
        bool peer_finished = false;  // the peer's FIN arrived
        bool answered = false;       // our side ended (FIN sent)
    };
    enum class uni_kind { unknown, control, drained };
    struct uni_stream {
        uni_kind kind = uni_kind::unknown;
        std::vector<std::byte> head;
        draft20::message_reader reader;
    };

    std::error_code fail(std::error_code ec);
    std::error_code on_control(draft20::message&& m);
    std::error_code on_request_message(std::uint64_t stream_id, request_stream& rs, draft20::message&& m);
    std::error_code take_request_id(std::uint64_t id);
    void write(std::uint64_t stream, bool local, byte_span bytes, bool fin);
    void write_message(std::uint64_t stream, bool local, const draft20::message& m, bool fin);
    void close_data_stream(request& r);
    void request_answered(std::uint64_t stream_id);

    session_options options_;
    std::map<std::uint64_t, uni_stream> uni_;
    std::map<std::uint64_t, request_stream> request_streams_;
    std::map<std::uint64_t, request> requests_;  // by Request ID
    std::set<std::uint64_t> seen_request_ids_;  // the latest ones; older ids count as used
    std::uint64_t request_id_floor_ = 0;
    std::vector<event> events_;
    std::size_t next_event_ = 0;
    std::vector<outgoing> output_;
    bool setup_received_ = false;
    bool have_control_ = false;
    bool goaway_received_ = false;
    std::uint64_t next_local_stream_ = 1;  // 0 is our control stream
    std::uint64_t next_track_alias_ = 0;
    std::error_code error_;
};

}  // namespace lal::moqt
