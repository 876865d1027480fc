// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <variant>
#include <vector>

#include <lal/base/bytes.hpp>
#include <lal/base/result.hpp>
#include <lal/moqt/draft20.hpp>

namespace lal::moqt {

/// Bounds of one subscriber session.
struct subscriber_limits {
    std::size_t max_message = 16384;            ///< longest control message body kept
    std::size_t max_streams = 256;              ///< server streams tracked at once
    std::size_t max_requests = 64;              ///< subscriptions open at once
    std::size_t max_payload = 4 * 1024 * 1024;  ///< largest Object payload kept
};

/// What a subscriber is configured with.
struct subscriber_options {
    subscriber_limits limits{};
    std::string implementation = "lal";  ///< MOQT_IMPLEMENTATION in our SETUP (10.3.1)
};

/// Events of a subscriber, named after what arrived.
namespace subscriber_event {
/// The server's SETUP (10.3): requests may go out now.
struct setup {
    draft20::key_values options;
};
/// SUBSCRIBE_OK (10.8): objects of `track_alias` belong to `request_id`.
struct subscribed {
    std::uint64_t request_id = 0;
    std::uint64_t track_alias = 0;
};
/// REQUEST_ERROR (10.6): the subscription is refused and over.
struct refused {
    std::uint64_t request_id = 0;
    std::uint64_t error_code = 0;
    std::string reason;
};
/// PUBLISH_DONE (10.12), or a reset of the request stream: the publisher ended the subscription.
struct done {
    std::uint64_t request_id = 0;
    std::uint64_t status_code = 0;
    std::string reason;
};
/// One Object of a subscription, from a subgroup stream (11.4.2).
struct object {
    std::uint64_t request_id = 0;
    std::uint64_t group = 0;
    std::uint64_t object_id = 0;
    std::vector<std::byte> payload;
};
/// The server's GOAWAY (10.4).
struct goaway {
    std::string new_session_uri;
};
}  // namespace subscriber_event

/// One event of subscriber::next_event.
using subscriber_event_t = std::variant<subscriber_event::setup, subscriber_event::subscribed, subscriber_event::refused,
                                        subscriber_event::done, subscriber_event::object, subscriber_event::goaway>;

/// Bytes for one stream of ours (`reset`: abort it with that code).
struct subscriber_write {
    std::uint64_t stream_id = 0;
    std::vector<std::byte> bytes;
    bool fin = false;
    std::optional<std::uint64_t> reset;
};

/// The subscriber side of one MoQT draft-20 session (a player), sans-IO:
/// the transport opens streams and names them, feeds the server's stream
/// bytes and writes take_output. SETUP goes on our control stream; each
/// SUBSCRIBE on a bidirectional stream of its own (3.3); Objects come on
/// the server's subgroup streams and are matched to subscriptions by Track
/// Alias. Objects of an alias not known yet (its SUBSCRIBE_OK is late) are
/// held, up to max_payload bytes in all (each counted with held_object_cost
/// on top of its payload), then dropped and counted. Not thread-safe.
class subscriber {
public:
    /// What each held Object counts for besides its payload, so that empty
    /// Objects cannot pile up without bound.
    static constexpr std::size_t held_object_cost = 64;

    /// A subscriber with `options`.
    explicit subscriber(subscriber_options options = {});

    /// Queues our SETUP on `control_stream`, a unidirectional stream of ours (3.3).
    void start(std::uint64_t control_stream);
    /// Queues SUBSCRIBE for `ns`/`name` on `request_stream`, a new
    /// bidirectional stream of ours; returns its Request ID (even, 10.1).
    result<std::uint64_t> subscribe(std::uint64_t request_stream, const draft20::track_namespace& ns,
                                    std::string_view name, draft20::parameters params = {});
    /// Cancels a subscription by resetting its request stream (3.3.3).
    std::error_code unsubscribe(std::uint64_t request_id);

    /// Consumes bytes of a server unidirectional stream: its control stream
    /// or a subgroup stream. Errors end the session (3.5).
    std::error_code feed_uni(std::uint64_t stream_id, byte_span bytes, bool fin);
    /// Consumes the server's bytes on one of our request streams.
    std::error_code feed_request(std::uint64_t stream_id, byte_span bytes, bool fin);
    /// The server reset a stream: a subgroup stream's partial Object is dropped.
    void on_stream_reset(std::uint64_t stream_id);

    /// The next event; empty when everything fed has been reported.
    std::optional<subscriber_event_t> next_event();
    /// Stream writes queued since the last call, in order.
    std::vector<subscriber_write> take_output();

    /// True once the server's SETUP arrived.
    bool setup_received() const noexcept { return setup_received_; }
    /// Objects dropped because no subscription had their Track Alias in time.
    std::uint64_t objects_dropped() const noexcept { return objects_dropped_; }

private:
    struct request {
        std::uint64_t stream_id = 0;
        draft20::message_reader reader;
        std::optional<std::uint64_t> track_alias;
    };
    enum class uni_kind { unknown, control, subgroup, drained };
    struct uni_stream {
        uni_kind kind = uni_kind::unknown;
        std::vector<std::byte> head;  // the stream type's bytes until complete
        draft20::message_reader control;
        std::optional<draft20::subgroup_reader> data;
    };

    std::error_code fail(std::error_code ec);
    std::error_code on_control(draft20::message&& m);
    std::error_code on_answer(std::uint64_t request_id, request& r, draft20::message&& m);
    std::error_code on_objects(uni_stream& u);
    void write(std::uint64_t stream, byte_span bytes, bool fin);
    void end_request(std::uint64_t request_id);

    subscriber_options options_;
    std::map<std::uint64_t, uni_stream> uni_;
    std::map<std::uint64_t, request> requests_;        // by Request ID
    std::map<std::uint64_t, std::uint64_t> by_stream_;  // request stream -> Request ID
    std::map<std::uint64_t, std::uint64_t> by_alias_;   // Track Alias -> Request ID
    std::deque<subscriber_event_t> events_;
    std::vector<subscriber_write> output_;
    std::vector<std::pair<std::uint64_t, subscriber_event::object>> early_;  // by Track Alias, awaiting SUBSCRIBE_OK
    std::size_t early_bytes_ = 0;
    std::uint64_t next_request_id_ = 0;
    std::uint64_t objects_dropped_ = 0;
    bool setup_received_ = false;
    bool have_control_ = false;
    bool goaway_received_ = false;
    std::error_code error_;
};

}  // namespace lal::moqt
