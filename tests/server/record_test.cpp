// SPDX-License-Identifier: MIT
// Recording without a server: file names from record.file_pattern, the FLV
// muxer's files (header, configurations at time 0, times from the first
// frame) read back by the FLV reader, and record_output's writes and
// failures on its writer thread.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <future>
#include <memory>
#include <string>
#include <vector>

#include <lal/flv/reader.hpp>

#include "config.hpp"
#include "flv_items.hpp"
#include "record_files.hpp"
#include "record_muxer.hpp"
#include "scratch_dir.hpp"
#include "wire_encoder.hpp"

using namespace lal::server;
namespace fs = std::filesystem;

namespace {
struct scratch : lal::test::scratch_dir {
    scratch() : scratch_dir("lal-record-") {}
};

lal::payload text(const std::string& s) { return lal::payload::copy_from(std::as_bytes(std::span(s.data(), s.size()))); }

std::string read(const fs::path& p) { return lal::test::read_file(p); }

/// What an output reported, in order: "open <file>" or "close <file> <bytes> <error>".
struct reports {
    std::mutex mutex;
    std::vector<std::string> lines;
    record_output::report_fn fn() {
        return [this](bool opened, const record_file_info& i) {
            std::lock_guard lock(mutex);
            lines.push_back(opened ? "open " + i.file
                                   : "close " + i.file + " " + std::to_string(i.bytes) + " " + i.error);
        };
    }
};
}  // namespace

TEST_CASE("record file names fill lal-Go's default and every placeholder", "[server][record]") {
    const lal::hub::stream_key key{"live", "test"};
    CHECK(record_file_name("{stream}-{unixsec}", key, 1796638917277, 0) == "test-1796638917");
    CHECK(record_file_name("{app}/{stream}_{unixms}_{datetime}_{index}", key, 1796638917277, 3) ==
          "live/test_1796638917277_20261207-102157_3");
    // A publisher's names cannot leave the out path.
    CHECK(record_file_name("{app}/{stream}", {"..", "a/../b"}, 0, 0) == "_/a_.._b");
    CHECK(record_file_name("{stream}{nope}", {".", "."}, 0, 0) == "_{nope}");
}

TEST_CASE("record.file_pattern is checked at load", "[server][record][config]") {
    std::string error;
    for (const char* bad : {"", "/abs/{stream}", "{app}/../{stream}", "{stream}-{time}"}) {
        CHECK_FALSE(parse_config(std::string(R"({"record": {"file_pattern": ")") + bad + "\"}}", error));
        CHECK(error.starts_with("record.file_pattern: "));
    }
    auto c = parse_config(R"({"record": {"enable_flv": true, "file_pattern": "{app}/{stream}-{index}", "split_duration_s": 5}})",
                          error);
    REQUIRE(c);
    CHECK(c->record.enable_flv);
    CHECK(c->record.flv_out_path == "./lal_record/flv/");  // lal-Go's default
    CHECK(c->record.split_duration_s == 5);
}

TEST_CASE("an FLV recording starts with its header and configurations at time 0", "[server][record]") {
    server_forms forms(4096);
    auto muxer = make_flv_muxer(forms);
    std::vector<std::shared_ptr<lal::hub::frame>> frames;
    for (auto& item : lal::test::flv_items("media/h264_aac_10s.flv")) {
        // On the stream's timeline, 5 s in: the file's times start from its first frame.
        item.frame.dts += 5'000'000;
        item.frame.pts += 5'000'000;
        frames.push_back(std::make_shared<lal::hub::frame>(std::move(item), &forms.forms));
    }
    std::vector<lal::payload> out;
    bool open = false;
    std::size_t coded = 0;
    for (const auto& f : frames) {
        if (f->is_control()) {
            muxer->keep(*f);
            continue;  // sent before the first key frame: kept for the file's head
        }
        if (!open) {
            if (!f->is_keyframe()) continue;
            muxer->open(*f, out);
            open = true;
        }
        muxer->write(*f, out);
        ++coded;
    }
    std::vector<std::byte> file;
    for (const auto& p : out) file.insert(file.end(), p.bytes().begin(), p.bytes().end());
    lal::flv::reader reader;
    REQUIRE_FALSE(reader.feed(file));
    REQUIRE(reader.header());
    std::vector<lal::flv::tag> tags;
    while (auto t = reader.next()) tags.push_back(*t);
    REQUIRE(tags.size() == coded + 2);
    // The AVC and AAC sequence headers (E.4.3.1 AVCPacketType 0, E.4.2.1 AACPacketType 0) at time 0.
    CHECK(tags[0].type == lal::flv::tag_type::video);
    CHECK(std::to_integer<int>(tags[0].data.bytes()[1]) == 0);
    CHECK(tags[1].type == lal::flv::tag_type::audio);
    CHECK(std::to_integer<int>(tags[1].data.bytes()[1]) == 0);
    CHECK(tags[0].timestamp == 0);
    CHECK(tags[1].timestamp == 0);
    // Then the key frame at 0 and the rest from there.
    CHECK(tags[2].type == lal::flv::tag_type::video);
    CHECK((std::to_integer<int>(tags[2].data.bytes()[0]) >> 4) == 1);  // E.4.3.1 FrameType 1: key frame
    CHECK(tags[2].timestamp == 0);
    CHECK(tags.back().timestamp > 9000);
    CHECK(tags.back().timestamp < 10100);
}

TEST_CASE("a recording's files are written in order off the caller's thread", "[server][record]") {
    scratch dir;
    hls_file_writer writer(16, 1 << 20);
    reports r;
    int failed = 0;
    auto out = std::make_shared<record_output>(writer, record_file_info{"live", "test", "flv", {}, 0, 0, {}}, r.fn(),
                                               [&failed] { ++failed; });
    const auto a = (dir.path / "sub" / "a.flv").string();
    const auto b = (dir.path / "b.flv").string();
    out->open(a);
    out->write({text("hello "), text("world")}, 0);
    out->open(b);  // closes a first
    out->write({text("second")}, 1500);
    out->close();
    writer.drain();
    CHECK(read(a) == "hello world");
    CHECK(read(b) == "second");
    CHECK(r.lines == std::vector<std::string>{"open " + a, "close " + a + " 11 ", "open " + b, "close " + b + " 6 "});
    CHECK(failed == 0);
    CHECK(out->ok());
}

TEST_CASE("a recording that cannot write stops once, reporting why", "[server][record]") {
    scratch dir;
    hls_file_writer writer(16, 1 << 20);
    SECTION("a folder that cannot be made") {
        std::ofstream(dir.path / "file") << "x";
        reports r;
        int failed = 0;
        auto out = std::make_shared<record_output>(writer, record_file_info{"live", "test", "ts", {}, 0, 0, {}},
                                                   r.fn(), [&failed] { ++failed; });
        const auto path = (dir.path / "file" / "x" / "t.ts").string();
        out->open(path);
        out->write({text("lost")}, 0);
        out->close();
        writer.drain();
        CHECK(failed == 1);
        CHECK_FALSE(out->ok());
        REQUIRE(r.lines.size() == 1);
        CHECK(r.lines[0].starts_with("close " + path + " 0 cannot make the folder"));
    }
    SECTION("a full disk") {
        if (!fs::exists("/dev/full")) return;
        fs::create_symlink("/dev/full", dir.path / "t.ts");
        reports r;
        int failed = 0;
        auto out = std::make_shared<record_output>(writer, record_file_info{"live", "test", "ts", {}, 0, 0, {}},
                                                   r.fn(), [&failed] { ++failed; });
        const auto path = (dir.path / "t.ts").string();
        out->open(path);
        out->write({text("x")}, 0);
        out->write({text("y")}, 0);
        out->close();
        writer.drain();
        CHECK(failed == 1);
        REQUIRE(r.lines.size() == 2);
        CHECK(r.lines[1] == "close " + path + " 0 cannot write " + path + ": No space left on device");
    }
}

TEST_CASE("a recording whose writer queue is full stops rather than leave a hole", "[server][record]") {
    scratch dir;
    hls_file_writer writer(2, 1 << 20);
    std::promise<void> release;
    auto gate = release.get_future().share();
    std::promise<void> taken;
    REQUIRE(writer.post([gate, &taken] {
        taken.set_value();
        gate.wait();
    }));
    taken.get_future().wait();
    reports r;
    int failed = 0;
    auto out = std::make_shared<record_output>(writer, record_file_info{"live", "test", "flv", {}, 0, 0, {}}, r.fn(),
                                               [&failed] { ++failed; });
    const auto path = (dir.path / "q.flv").string();
    out->open(path);
    out->write({text("kept")}, 0);
    out->write({text("refused")}, 0);  // the queue holds two
    CHECK(failed == 1);
    CHECK_FALSE(out->ok());
    out->write({text("after")}, 0);
    release.set_value();
    writer.drain();
    out.reset();
    // Nothing is written once a job was lost, and the loss is reported once, with the file it hit.
    CHECK_FALSE(fs::exists(path));
    REQUIRE(r.lines.size() == 1);
    CHECK(r.lines[0].starts_with("close " + path + " 0 the file writer was behind"));
}
