// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <lal/base/result.hpp>
#include <lal/net/listen_address.hpp>

namespace lal::server {

/// A listen address: "host:port", ":port" (all interfaces) or "[v6]:port".
using net::listen_address;
/// Parses a listen address; the error names what is wrong.
using net::parse_listen_address;

/// Every setting of the server, with the built-in defaults that apply when no
/// config file is given or a key is left out. conf/lal.conf.json lists them all.
struct config {
    struct rtmp_section {
        bool enable = true;
        std::string addr = ":1935";
        std::uint32_t gop_num = 1;                    // GOPs sent to a joining RTMP player
        std::uint32_t single_gop_max_frame_num = 0;   // longer GOPs are not cached (0: no limit)
        std::uint32_t chunk_size = 4096;              // outgoing chunk size (RTMP 5.4.1); bench/README.md, "Chunk size"
        std::uint32_t merge_write_ms = 0;             // 0: flush_policy decides; N: gather N ms per write
        std::string flush_policy = "adaptive";       // "adaptive": frame-aligned flushes when busy; "immediate"
        std::uint32_t flush_busy_players = 256;       // a fan-out to this many players is busy (0: never)
        std::uint32_t flush_busy_us = 5000;           // ... as is one that used this many microseconds of CPU
        std::uint32_t flush_max_hold_ms = 40;         // frame-aligned: the longest data waits for a video frame
        bool rtmps_enable = false;                    // RTMP over TLS on rtmps_addr as well
        std::string rtmps_addr = ":4935";
        std::string rtmps_cert_file = "./conf/cert.pem";  // PEM chain; scripts/make-cert.sh makes a test pair
        std::string rtmps_key_file = "./conf/key.pem";    // PEM private key
    } rtmp;
    struct default_http_section {                // the HTTPS listener of the HTTP outputs
        std::string https_listen_addr = ":4433"; // serves the sections with enable_https
        std::string https_cert_file = "./conf/cert.pem";
        std::string https_key_file = "./conf/key.pem";
    } default_http;
    struct httpflv_section {
        bool enable = true;
        std::string addr = ":8080";
        std::uint32_t gop_num = 1;
        bool enable_https = false;               // HTTPS-FLV and WSS-FLV on default_http.https_listen_addr
    } httpflv;
    struct httpts_section {                      // HTTP-TS and WS-TS on httpflv.addr
        bool enable = false;                     // off: streams are not muxed to TS for it
        bool enable_https = false;               // HTTPS-TS and WSS-TS on default_http.https_listen_addr
        std::string url_pattern = "/";           // served: <url_pattern><app>/<stream>.ts
        std::uint32_t gop_num = 1;               // GOPs sent to a joining player
    } httpts;
    struct httpfmp4_section {                    // HTTP-fMP4 (fragmented MP4, a fragment per frame) on httpflv.addr
        bool enable = false;                     // off: streams are not muxed to fMP4 for it
        bool enable_https = false;               // HTTPS-fMP4 on default_http.https_listen_addr
        std::string url_pattern = "/";           // served: <url_pattern><app>/<stream>.mp4 (and /live/m4s/<stream>)
        std::uint32_t gop_num = 1;               // GOPs sent to a joining player
    } httpfmp4;
    struct hls_section {                         // HLS from memory on httpflv.addr
        bool enable = false;                     // off: no segmenter, no TS muxing for it
        bool enable_https = false;               // playlists and segments on default_http.https_listen_addr too
        std::string url_pattern = "/hls/";       // /hls/<stream>.m3u8, /hls/<stream>/playlist.m3u8
        std::string out_path = "./lal_record/hls/";   // files (only without use_memory_as_disk_flag)
        std::uint32_t fragment_duration_ms = 3000;    // cut at the first key frame past this
        std::uint32_t fragment_num = 6;               // segments in the live playlist
        std::uint32_t delete_threshold = 6;           // more segments kept for late fetches (0: fragment_num)
        std::uint32_t cleanup_mode = 1;               // 0 never, 1 at stream end, 2 as soon as out of the window
        bool use_memory_as_disk_flag = true;          // serve from memory; false: also write files
        std::uint32_t sub_session_timeout_ms = 30000; // a viewer silent this long has left (lal-Go's key)
        std::string sub_session_hash_key;             // mixed into the viewer hash of address and User-Agent
        std::string fragment_format = "ts";           // segments: "ts" (MPEG-TS) or "fmp4" (EXT-X-MAP, .m4s, version 7)
        bool ll_hls_enable = false;                   // Low-Latency HLS: parts, preload hints, blocking reload (needs fmp4)
        std::uint32_t part_duration_ms = 200;         // longest LL-HLS part (PART-TARGET), MediaMTX's hlsPartDuration
    } hls;
    struct srt_section {                         // SRT publish and play (libsrt, live mode, MPEG-TS)
        bool enable = false;
        std::string addr = ":6001";              // UDP; 6001 as SRS and lalmax use
        std::uint32_t latency_ms = 120;          // SRTO_LATENCY: the delay that leaves room for retransmission
        std::string passphrase;                  // non-empty (10 to 79 characters): AES encryption required
        std::uint32_t pbkeylen = 16;             // AES key length in bytes: 16, 24 or 32
        std::uint64_t maxbw = 0;                 // bytes/s one connection may send, retransmissions included (0: no limit)
        std::uint32_t connect_timeout_ms = 3000; // an accepted connection's admission (and SRTO_CONNTIMEO)
        std::uint32_t peer_idle_timeout_ms = 5000;  // SRTO_PEERIDLETIMEO: a peer silent this long is dropped
        std::uint32_t max_buffer_bytes = 4 * 1024 * 1024;  // per connection: libsrt's send and receive buffers
        std::uint32_t gop_num = 1;               // GOPs sent to a joining player
    } srt;
    struct rtsp_section {                        // RTSP publish (ANNOUNCE/RECORD) and play (DESCRIBE/PLAY)
        bool enable = false;                     // lal-Go's default is true; off here so test servers never share :5544
        std::string addr = ":5544";              // rtsp://host:5544/<app>/<stream>
        bool rtsps_enable = false;               // RTSP over TLS (RTP interleaved) on rtsps_addr as well
        std::string rtsps_addr = ":5322";        // rtsps://host:5322/<app>/<stream> (lal-Go's default)
        std::string rtsps_cert_file;             // PEM chain; empty: default_http.https_cert_file
        std::string rtsps_key_file;              // PEM private key; empty: default_http.https_key_file
        bool out_wait_key_frame_flag = true;     // players start at a video key frame (audio waits for it too)
        bool auth_enable = false;                // RTSP authentication (RFC 2326 11.2) on every request but OPTIONS
        std::uint32_t auth_method = 0;           // 0 Basic (RFC 7617), 1 Digest (RFC 7616)
        std::string username;
        std::string password;
        std::uint32_t udp_port_min = 30000;      // RTP/RTCP over UDP: even/odd port pairs taken from
        std::uint32_t udp_port_max = 30999;      //   [udp_port_min, udp_port_max], one pair per track
        std::uint32_t session_timeout_s = 60;    // Session timeout (RFC 2326 12.37): silent longer -> closed
    } rtsp;
    struct rtc_section {                         // WebRTC: WHEP play and WHIP publish on httpflv.addr, media on one UDP port
        bool enable = false;
        std::string addr = ":4888";              // UDP port every WebRTC session shares (ICE-lite, DTLS-SRTP)
        std::vector<std::string> candidates;     // IPs announced as host candidates; empty: the HTTP request's local address
        std::uint32_t session_timeout_ms = 30000;  // no ICE consent or media this long -> the session ends
        std::uint32_t max_sessions = 1000;       // WHEP and WHIP sessions at once (more -> 503)
        std::uint32_t wait_publisher_ms = 0;     // a WHEP offer for a stream not live waits this long (0: 404 at once)
        std::uint32_t mtu = 1280;                // largest IP packet of WebRTC media (RTP payloads cut to fit)
        bool opus_to_aac = true;                 // WHIP Opus published as AAC (false: as Opus, Enhanced RTMP)
    } rtc;
    struct quic_section {                        // HTTP/3 + WebTransport (MoQT playback) on one UDP socket
        bool enable = false;
        std::string addr = ":4433";              // UDP; the HTTPS port number, as HTTP/3 uses (RFC 9114 3.1)
        std::string cert_file;                   // PEM chain; empty: default_http.https_cert_file
        std::string key_file;                    // PEM private key; empty: default_http.https_key_file
        std::uint32_t max_sessions = 1000;       // QUIC connections at once (more Initials are dropped)
        std::uint32_t idle_timeout_ms = 30000;   // QUIC max_idle_timeout (RFC 9000 10.1)
    } quic;
    struct stream_section {
        bool replace_publisher = false;          // a second publisher replaces the first
        std::uint32_t wait_publisher_ms = 15000; // a player waits this long for a publisher
    } stream;
    struct queue_section {
        std::uint64_t max_bytes = 4 * 1024 * 1024;  // per player; over it: drop to next key frame
        std::uint32_t max_ms = 5000;                // queued media time limit, likewise
        std::uint32_t slow_close_ms = 10000;        // behind this long: closed
    } subscriber_queue;
    struct timeout_section {
        std::uint32_t handshake_ms = 10000;      // RTMP handshake + connect, HTTP request head
        std::uint32_t publisher_idle_ms = 10000; // a publisher that sends nothing this long is closed
    } timeouts;
    struct limits_section {
        std::uint32_t max_connections = 10000;   // further connections are refused (0: no limit)
        std::uint32_t max_message_bytes = 8 * 1024 * 1024;  // largest RTMP message accepted
    } limits;
    struct relay_push_section {
        bool enable = false;
        std::vector<std::string> addr_list;      // "host:port" or rtmp:// URL templates with {app}, {stream}
        std::uint32_t connect_timeout_ms = 5000; // TCP, handshake, connect and publish start
        std::uint32_t retry_min_ms = 1000;       // first retry after a failure, doubled each time
        std::uint32_t retry_max_ms = 16000;      // longest wait between two attempts
    } relay_push;
    struct relay_pull_section {
        bool enable = false;
        std::string addr;                        // rtmp://, http:// or rtsp:// URL template, or "host:port" (RTMP)
        std::uint32_t connect_timeout_ms = 5000; // until the origin starts the stream (play start / 200)
        std::uint32_t read_timeout_ms = 10000;   // an origin that sends nothing this long is dropped
        std::uint32_t retry_num = 3;             // further attempts after a failed one, then give up for now
        std::uint32_t retry_interval_ms = 1000;  // wait before each further attempt
        std::uint32_t stop_after_idle_ms = 5000; // the pull ends once no player was there this long
        std::uint32_t rtsp_mode = 0;             // rtsp:// origins: 0 RTP interleaved over TCP, 1 UDP (lal-Go's rtsp_mode)
    } relay_pull;
    struct record_section {                      // recording to files (lal-Go's keys, then ours)
        bool enable_flv = false;                 // record every published stream to FLV
        std::string flv_out_path = "./lal_record/flv/";
        bool enable_mpegts = false;              // record every published stream to MPEG-TS
        std::string mpegts_out_path = "./lal_record/mpegts/";
        bool enable_mp4 = false;                 // record every published stream to fragmented MP4
        std::string mp4_out_path = "./lal_record/mp4/";
        std::string file_pattern = "{stream}-{unixsec}";  // file name without extension: {app} {stream}
                                                          //   {unixsec} {unixms} {datetime} {index}; '/' makes folders
        std::uint32_t split_duration_s = 0;      // a new file at the first key frame past this (0: one per publish)
    } record;
    struct cluster_section {                     // origins and edges sharing a registry (Redis)
        bool enable = false;
        std::string server_id;                   // names this server in the registry; empty: the top-level server_id
        std::string advertise_addr = "127.0.0.1";  // host others reach this server at (ports: rtmp.addr, httpflv.addr)
        std::string registry = "redis://127.0.0.1:6379";
        std::uint32_t ttl_ms = 10000;            // registry entries expire this long after the last refresh
        std::uint32_t timeout_ms = 1000;         // every registry call (connect, command)
        std::string on_conflict = "refuse";      // a publish of a stream live on another server: "refuse" or "takeover"
        bool lookup = true;                      // players of a stream not here: look it up and pull it from its owner
        std::string parent;                      // "host:port" (RTMP) of a mid tier to pull through; empty: the owner
        std::uint32_t max_hops = 4;              // pulls between cluster servers deeper than this are refused
    } cluster;
    std::uint32_t threads = 0;  // event-loop threads; 0: one per core
    std::string server_id = "1";  // names this server in the API and notifications (lal-Go's server_id)
    struct http_api_section {
        bool enable = false;
        std::string addr = "127.0.0.1:8083";
        std::string token;                       // non-empty: requests need "Authorization: Bearer <token>"
        std::string console_js_dir;              // holds mpegts.js and hls.js for the console's previews; empty: none
        bool enable_https = false;               // HTTPS on addr, with default_http's certificate and key
    } http_api;
    struct http_notify_section {
        bool enable = false;
        std::uint32_t update_interval_sec = 5;   // on_update this often
        std::uint32_t timeout_ms = 3000;         // one notification's whole exchange
        std::uint32_t queue_size = 1024;         // notifications waiting; more are dropped (logged, counted)
        std::string on_server_start, on_update, on_pub_start, on_pub_stop, on_sub_start, on_sub_stop,
            on_relay_pull_start, on_relay_pull_stop, on_rtmp_connect, on_hls_make_ts,
            on_record_open, on_record_close;  // URLs; empty: not sent
        std::string ca_file;                     // https:// URLs: verify the receiver against these CAs (PEM); empty: not verified
    } http_notify;
    struct simple_auth_section {
        std::string key;                         // lal_secret = md5(key + stream_name)
        std::string dangerous_lal_secret;        // non-empty: this lal_secret always passes
        bool pub_rtmp_enable = false;            // check RTMP publishes
        bool sub_rtmp_enable = false;            // check RTMP plays
        bool sub_httpflv_enable = false;         // check HTTP-FLV (and WS-FLV) plays
        bool sub_httpts_enable = false;          // check HTTP-TS plays (once served)
        bool sub_httpfmp4_enable = false;        // check HTTP-fMP4 plays
        bool hls_m3u8_enable = false;            // check HLS playlists (once served)
        bool pub_rtsp_enable = false;            // check RTSP publishes
        bool sub_rtsp_enable = false;            // check RTSP plays
        bool pub_srt_enable = false;             // check SRT publishes (the stream id's query)
        bool sub_srt_enable = false;             // check SRT plays
        bool pub_rtc_enable = false;             // check WHIP publishes
        bool sub_rtc_enable = false;             // check WHEP plays
        bool sub_moq_enable = false;             // check MoQT plays (the WebTransport URL's query)
    } simple_auth;
    struct ip_acl_section {                      // CIDR blocks ("10.0.0.0/8", "::1"); see ip_acl.hpp for precedence
        std::vector<std::string> publish_allow;  // non-empty: only these may publish
        std::vector<std::string> publish_deny;   // these may not publish (wins over publish_allow)
        std::vector<std::string> play_allow;     // non-empty: only these may play
        std::vector<std::string> play_deny;      // these may not play (wins over play_allow)
    } ip_acl;
    struct hooks_section {
        std::string on_publish;                  // URL asked before a publish is accepted; empty: none
        std::string on_play;                     // URL asked before a play is accepted; empty: none
        std::uint32_t timeout_ms = 3000;         // no answer within this: refused (or allowed with fail_open)
        bool fail_open = false;                  // a hook that fails or times out allows instead of refusing
        std::string ca_file;                     // https:// URLs: verify the receiver against these CAs (PEM); empty: not verified
    } hooks;
    struct log_section {
        int level = 2;                         // 1 debug, 2 info, 3 warn, 4 error, 5 fatal
        std::string filename = "./logs/lal.log";
        bool is_to_stdout = true;
        bool is_rotate_daily = true;
        bool short_file_flag = true;           // source file:line at the end of each line
        std::uint32_t stats_interval_ms = 0;   // info line with the server-added latency this often (0: off)
    } log;
};

/// Reads a JSON config: every key must be known and of the right type, and the
/// error names the key path ("rtmp.gop_num: expected an unsigned integer").
lal::result<config> load_config_file(const std::string& path, std::string& error);
/// The same from JSON text.
lal::result<config> parse_config(const std::string& json_text, std::string& error);
/// The config as JSON with every key (what conf/lal.conf.json holds).
std::string dump_config(const config& c);

}  // namespace lal::server
