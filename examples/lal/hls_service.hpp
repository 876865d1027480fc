// SPDX-License-Identifier: MIT
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include <lal/http/request.hpp>
#include <lal/http_asio/server_connection.hpp>

#include "control_events.hpp"
#include "hls_file_writer.hpp"
#include "hls_viewers.hpp"
#include "hub_types.hpp"
#include "service.hpp"

namespace lal::server {

class hls_stream;

/// HLS served from memory (RFC 8216). A hub observer: the first publish of a
/// stream makes its hls_stream, one lal::hls::segmenter fed by one hub
/// subscription in the shared MPEG-TS form, whatever the number of players.
/// The HTTP-FLV listener routes playlist and segment requests here:
/// `<url_pattern><stream>.m3u8`, `<url_pattern><stream>/playlist.m3u8`,
/// `<url_pattern><stream>/record.m3u8`, `/<app>/<stream>.m3u8`, and segments
/// by name next to each. A publisher that comes back within
/// hls.fragment_duration_ms continues the playlist after EXT-X-DISCONTINUITY;
/// otherwise the playlist gets EXT-X-ENDLIST and is served until the
/// segments would have been cleaned up, then 404. Viewers are sessions
/// (hls_viewers): admitted on their first playlist request, 403 when refused.
/// With files on, their I/O runs on one writer thread (hls_file_writer) and
/// what a crashed run left is removed at start-up (remove_orphan_files).
/// Every segment opened and closed is reported to control_events
/// (on_hls_make_ts), a closed one after its file is written. With
/// hls.ll_hls_enable, parts are served by name next to the segments, and a
/// blocking reload (`_HLS_msn`, `_HLS_part`) or a request for the hinted part
/// waits in hls_held until the segmenter's playlist holds it (RFC 8216bis 6.2.5.2).
class hls_service final : public service, public lal::hub::observer {
public:
    explicit hls_service(server_context& ctx);
    ~hls_service() override;

    std::string_view name() const noexcept override { return "hls"; }
    /// Ends every stream's subscription and every viewer on its worker (the destructor ends any left).
    void stop(bool abort) override;

    /// Answers a GET or HEAD under hls.url_pattern on worker `worker`: a playlist or a segment.
    void serve_hls_path(const http::request& req, const std::shared_ptr<http_asio::server_connection>& conn,
                        std::size_t worker);
    /// Answers GET /<app>/<stream>.m3u8 (the live playlist of <stream>) on worker `worker`.
    void serve_app_playlist(const http::request& req, const std::shared_ptr<http_asio::server_connection>& conn,
                            std::size_t worker);
    /// Answers a segment request by its name (`<stream>-<ms>-<seq>.ts`); false
    /// when no stream holds a segment of that name (nothing was sent).
    bool serve_segment(const http::request& req, const std::shared_ptr<http_asio::server_connection>& conn,
                       std::string_view name);

    // lal::hub::observer
    void on_publish_start(const stream_key& key, const publisher_sink& publisher, std::string_view query) override;

private:
    friend class hls_stream;
    std::shared_ptr<hls_stream> find(std::string_view stream) const;
    void serve_playlist(const http::request& req, const std::shared_ptr<http_asio::server_connection>& conn,
                        std::string_view stream, bool record, std::size_t worker);
    /// Answers an LL-HLS part by name, holding a request for the hinted part
    /// until it is made; false when `s` has no such part (nothing was sent).
    bool serve_part(const http::request& req, const std::shared_ptr<http_asio::server_connection>& conn,
                    const std::shared_ptr<hls_stream>& s, std::string_view name);
    /// Reports a segment event to control_events (on a worker's thread).
    void report(const hls_make_ts_info& info);
    /// Drops `s` from the map if it is still the stream's (its end timer ran out).
    void forget(const std::shared_ptr<hls_stream>& s);

    server_context& ctx_;
    hls_viewers viewers_;
    // With files (use_memory_as_disk_flag off): the one thread doing their I/O.
    std::unique_ptr<hls_file_writer> writer_;
    std::string cwd_;  // on_hls_make_ts's cwd
    mutable std::mutex mutex_;
    // By stream name, as lal-Go keys HLS (the app is not part of the URL).
    std::unordered_map<std::string, std::shared_ptr<hls_stream>> streams_;
};

}  // namespace lal::server
