// SPDX-License-Identifier: MIT
// The HLS file writer's bounded queue, a stream's files written off the
// caller's thread, a failed folder that stops one stream's files, and the
// removal of what a crashed run left.
#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "hls_file_writer.hpp"
#include "hls_files.hpp"
#include "scratch_dir.hpp"

using namespace lal::server;
namespace fs = std::filesystem;

namespace {
/// A fresh folder, removed at the end.
struct scratch : lal::test::scratch_dir {
    scratch() : scratch_dir("lal-hls-files-") {}
};

void touch(const fs::path& p, const std::string& text = "x") {
    fs::create_directories(p.parent_path());
    std::ofstream(p) << text;
}

std::string read(const fs::path& p) { return lal::test::read_file(p); }

lal::hls::segment_ptr make_segment(std::string name, const std::string& bytes) {
    auto s = std::make_shared<lal::hls::segment>();
    s->name = std::move(name);
    s->bytes = lal::payload::copy_from(std::as_bytes(std::span(bytes.data(), bytes.size())));
    return s;
}
}  // namespace

TEST_CASE("the HLS file writer runs jobs in order and drops past its bounds without waiting", "[server][hls]") {
    hls_file_writer w(3, 1000);
    std::promise<void> release;
    auto gate = release.get_future().share();
    std::promise<void> taken;
    std::vector<int> order;
    // The first job holds the thread, as a stuck disk would.
    REQUIRE(w.post([gate, &taken, &order] {
        taken.set_value();
        gate.wait();
        order.push_back(0);
    }));
    taken.get_future().wait();
    // Three more wait; the fourth is refused at once, without waiting for the disk.
    for (int i = 0; i < 3; ++i) CHECK(w.post([] {}));
    const auto before = std::chrono::steady_clock::now();
    CHECK_FALSE(w.post([&order] { order.push_back(9); }));
    CHECK(std::chrono::steady_clock::now() - before < std::chrono::milliseconds(100));
    CHECK(w.counters().dropped.load() == 1);
    release.set_value();
    w.drain();
    CHECK(order == std::vector<int>{0});
    CHECK(w.counters().done.load() == 4);  // the first and the three that fitted

    // Bytes: one job always fits; past max_bytes of waiting jobs the next is dropped.
    std::promise<void> release2;
    auto gate2 = release2.get_future().share();
    std::promise<void> started;
    REQUIRE(w.post([gate2, &started] {
        started.set_value();
        gate2.wait();
    }));
    started.get_future().wait();
    CHECK(w.post([&order] { order.push_back(1); }, 5000));   // alone in the queue: fits
    CHECK_FALSE(w.post([&order] { order.push_back(2); }, 1));  // 5000 + 1 > 1000
    CHECK(w.post([&order] { order.push_back(3); }, 0));
    release2.set_value();
    w.drain();
    CHECK(order == std::vector<int>{0, 1, 3});
}

TEST_CASE("a stream's segments and playlists are written by the writer thread", "[server][hls]") {
    scratch dir;
    hls_file_writer w(16, 1 << 20);
    hls_files files(w, dir.path.string(), "cam1");
    bool written = false;
    REQUIRE(files.write_segment(make_segment("cam1-1000-0.ts", "G-segment-bytes"), [&](bool ok) { written = ok; }));
    files.write_playlists(lal::payload::copy_from(std::as_bytes(std::span("#EXTM3U\n", 8))), {});
    w.drain();
    CHECK(written);
    CHECK(read(dir.path / "cam1" / "cam1-1000-0.ts") == "G-segment-bytes");
    CHECK(read(dir.path / "cam1" / "playlist.m3u8") == "#EXTM3U\n");
    CHECK_FALSE(fs::exists(dir.path / "cam1" / "playlist.m3u8.tmp"));
    CHECK_FALSE(fs::exists(dir.path / "cam1" / "record.m3u8"));  // empty: not written
    CHECK(files.path_of("x.ts") == (dir.path / "cam1" / "x.ts").string());

    // Cleanup decisions run when due, on the writer too.
    files.schedule({{"cam1-1000-0.ts"}, 5000});
    files.remove_due(4999);
    w.drain();
    CHECK(fs::exists(dir.path / "cam1" / "cam1-1000-0.ts"));
    files.remove_due(5000);
    w.drain();
    CHECK_FALSE(fs::exists(dir.path / "cam1" / "cam1-1000-0.ts"));
}

TEST_CASE("a folder that cannot be made stops that stream's files only", "[server][hls]") {
    scratch dir;
    touch(dir.path / "bad", "a file where the folder should be");
    hls_file_writer w(16, 1 << 20);
    hls_files bad(w, dir.path.string(), "bad");
    hls_files good(w, dir.path.string(), "good");
    w.drain();
    CHECK_FALSE(bad.writing());
    CHECK(good.writing());
    bool called = false;
    CHECK_FALSE(bad.write_segment(make_segment("bad-1-0.ts", "x"), [&](bool) { called = true; }));
    CHECK(good.write_segment(make_segment("good-1-0.ts", "y"), {}));
    w.drain();
    CHECK_FALSE(called);
    CHECK(read(dir.path / "good" / "good-1-0.ts") == "y");
}

TEST_CASE("files a crashed run left are removed at start-up, per cleanup_mode", "[server][hls]") {
    scratch dir;
    const auto s = dir.path / "cam1";
    for (const char* name : {"cam1-1700000000000-7.ts", "cam1-1700000002000-8.ts", "playlist.m3u8", "record.m3u8",
                             "playlist.m3u8.tmp", "notes.txt", "other-1-2.ts", "cam1-12.ts", "cam1-1-x.ts"}) {
        touch(s / name);
    }
    touch(dir.path / "empty-stream" / "record.m3u8.tmp");
    touch(dir.path / "loose-1-2.ts");  // not in a stream folder: not ours

    SECTION("cleanup_mode 0 keeps segments and playlists, only unfinished .tmp files go") {
        CHECK(remove_orphan_files(dir.path.string(), 0) == 2);
        CHECK(fs::exists(s / "cam1-1700000000000-7.ts"));
        CHECK(fs::exists(s / "playlist.m3u8"));
        CHECK_FALSE(fs::exists(s / "playlist.m3u8.tmp"));
        CHECK_FALSE(fs::exists(dir.path / "empty-stream"));
    }
    SECTION("cleanup_mode 1 and 2 remove our segments and playlists; other files stay") {
        CHECK(remove_orphan_files(dir.path.string(), 2) == 6);
        for (const char* gone : {"cam1-1700000000000-7.ts", "cam1-1700000002000-8.ts", "playlist.m3u8",
                                 "record.m3u8", "playlist.m3u8.tmp"}) {
            CHECK_FALSE(fs::exists(s / gone));
        }
        for (const char* kept : {"notes.txt", "other-1-2.ts", "cam1-12.ts", "cam1-1-x.ts"}) CHECK(fs::exists(s / kept));
        CHECK(fs::exists(dir.path / "loose-1-2.ts"));
    }
    CHECK(remove_orphan_files((dir.path / "nowhere").string(), 1) == 0);
}
