// SPDX-License-Identifier: MIT
#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include <lal/base/payload.hpp>

#include "hub_types.hpp"

namespace lal::server {

struct server_forms;

/// One file format of the recordings (FLV, MPEG-TS, fragmented MP4):
/// turns the frames of one stream into the bytes of its files, reusing the
/// hub's shared output form it subscribes with. Lives on the recording's
/// worker; the bytes it appends are written by the file writer thread.
class record_muxer {
public:
    virtual ~record_muxer() = default;
    /// "flv", "ts", "mp4": the API's format name and the file extension.
    virtual std::string_view format() const noexcept = 0;
    /// The hub output form the recording subscribes with.
    virtual form_index form() const noexcept = 0;
    /// Keeps a metadata or configuration frame for the files opened later (every one, file open or not).
    virtual void keep(const frame& f) = 0;
    /// Appends what a new file starts with, before its first frame `first`
    /// (a key frame when the stream has video): header, metadata, configurations.
    virtual void open(const frame& first, std::vector<lal::payload>& out) = 0;
    /// Appends the bytes of `f` (coded frame, metadata or configuration) in the open file.
    virtual void write(const frame& f, std::vector<lal::payload>& out) = 0;
    /// Appends what a file ends with (nothing for FLV, TS and fragmented MP4:
    /// a file cut anywhere still plays up to its last whole frame or fragment).
    virtual void close(std::vector<lal::payload>& /*out*/) {}
};

/// FLV (Adobe FLV 10.1 annex E): the FLV header, onMetaData and the sequence
/// headers at time 0, then the stream's tags with times from the file's first frame.
std::unique_ptr<record_muxer> make_flv_muxer(const server_forms& forms);
/// MPEG-TS (ISO/IEC 13818-1): the stream's shared TS form, each file from a
/// key frame, which carries PAT+PMT (ts_encoder). Needs forms.has_ts.
std::unique_ptr<record_muxer> make_ts_muxer(const server_forms& forms);
/// Fragmented MP4 (ISO/IEC 14496-12 8.8): the stream's shared fMP4 form, the
/// init segment (ftyp+moov) once at the start of each file, then a moof+mdat
/// per frame, so a recording killed at any point plays up to its last whole
/// fragment; each file's tfdt start at 0 from its first frame (fmp4_rebase).
/// Needs forms.has_fmp4.
std::unique_ptr<record_muxer> make_mp4_muxer(const server_forms& forms);

}  // namespace lal::server
