// SPDX-License-Identifier: MIT
// QPACK through nghttp3 (its decoder handles Huffman literals). Both ends run
// with a dynamic table capacity of 0, so every section is self-contained and
// no encoder or decoder stream instructions are needed (RFC 9204 3.2.3).
#include <lal/h3/qpack.hpp>

#include <memory>

#include <nghttp3/nghttp3.h>

namespace lal::h3 {
namespace {

struct decoder_deleter {
    void operator()(nghttp3_qpack_decoder* d) const noexcept { nghttp3_qpack_decoder_del(d); }
};
struct context_deleter {
    void operator()(nghttp3_qpack_stream_context* c) const noexcept { nghttp3_qpack_stream_context_del(c); }
};
struct encoder_deleter {
    void operator()(nghttp3_qpack_encoder* e) const noexcept { nghttp3_qpack_encoder_del(e); }
};

std::string rcbuf_string(nghttp3_rcbuf* b) {
    const nghttp3_vec v = nghttp3_rcbuf_get_buf(b);
    return {reinterpret_cast<const char*>(v.base), v.len};
}

// Frees an nghttp3_buf with the default allocator on scope exit.
struct owned_buf {
    nghttp3_buf buf;
    owned_buf() { nghttp3_buf_init(&buf); }
    ~owned_buf() { nghttp3_buf_free(&buf, nghttp3_mem_default()); }
    owned_buf(const owned_buf&) = delete;
    owned_buf& operator=(const owned_buf&) = delete;
    void append_to(std::vector<std::byte>& out) const {
        const auto* p = reinterpret_cast<const std::byte*>(buf.pos);
        out.insert(out.end(), p, p + nghttp3_buf_len(&buf));
    }
};

}  // namespace

result<field_list> decode_field_section(byte_span encoded, field_limits limits) {
    const nghttp3_mem* mem = nghttp3_mem_default();
    nghttp3_qpack_decoder* raw_decoder = nullptr;
    if (nghttp3_qpack_decoder_new(&raw_decoder, 0, 0, mem) != 0) throw std::bad_alloc();
    std::unique_ptr<nghttp3_qpack_decoder, decoder_deleter> decoder(raw_decoder);
    nghttp3_qpack_stream_context* raw_context = nullptr;
    if (nghttp3_qpack_stream_context_new(&raw_context, 0, mem) != 0) throw std::bad_alloc();
    std::unique_ptr<nghttp3_qpack_stream_context, context_deleter> context(raw_context);

    field_list fields;
    std::size_t section_size = 0;
    const auto* src = reinterpret_cast<const std::uint8_t*>(encoded.data());
    std::size_t left = encoded.size();
    for (;;) {
        nghttp3_qpack_nv nv{};
        std::uint8_t flags = 0;
        const auto n = nghttp3_qpack_decoder_read_request(decoder.get(), context.get(), &nv, &flags,
                                                          src, left, 1);
        if (n < 0) {
            if (n == NGHTTP3_ERR_QPACK_HEADER_TOO_LARGE) return errc::field_section_too_large;
            return errc::qpack_failed;
        }
        src += n;
        left -= static_cast<std::size_t>(n);
        if (flags & NGHTTP3_QPACK_DECODE_FLAG_EMIT) {
            field f{rcbuf_string(nv.name), rcbuf_string(nv.value)};
            nghttp3_rcbuf_decref(nv.name);
            nghttp3_rcbuf_decref(nv.value);
            // RFC 9114 4.2.2: each field counts its name, value and 32 bytes.
            section_size += f.name.size() + f.value.size() + 32;
            if (section_size > limits.max_section_size) return errc::field_section_too_large;
            if (fields.size() == limits.max_fields) return errc::field_section_too_large;
            fields.push_back(std::move(f));
        }
        // A table capacity of 0 means nothing can block (RFC 9204 2.1.2).
        if (flags & NGHTTP3_QPACK_DECODE_FLAG_BLOCKED) return errc::qpack_failed;
        if (flags & NGHTTP3_QPACK_DECODE_FLAG_FINAL) break;
        if (n == 0 && !(flags & NGHTTP3_QPACK_DECODE_FLAG_EMIT)) return errc::qpack_failed;
    }
    if (left != 0) return errc::qpack_failed;
    return fields;
}

std::vector<std::byte> encode_field_section(const field_list& fields) {
    const nghttp3_mem* mem = nghttp3_mem_default();
    nghttp3_qpack_encoder* raw = nullptr;
    if (nghttp3_qpack_encoder_new(&raw, 0, mem) != 0) throw std::bad_alloc();
    std::unique_ptr<nghttp3_qpack_encoder, encoder_deleter> encoder(raw);

    std::vector<nghttp3_nv> nva;
    nva.reserve(fields.size());
    for (const auto& f : fields) {
        nghttp3_nv nv{};
        nv.name = reinterpret_cast<std::uint8_t*>(const_cast<char*>(f.name.data()));
        nv.namelen = f.name.size();
        nv.value = reinterpret_cast<std::uint8_t*>(const_cast<char*>(f.value.data()));
        nv.valuelen = f.value.size();
        nv.flags = NGHTTP3_NV_FLAG_NONE;
        nva.push_back(nv);
    }
    owned_buf prefix, rest, encoder_stream;
    if (nghttp3_qpack_encoder_encode(encoder.get(), &prefix.buf, &rest.buf, &encoder_stream.buf, 0,
                                     nva.data(), nva.size()) != 0)
        throw std::bad_alloc();
    std::vector<std::byte> out;
    prefix.append_to(out);
    rest.append_to(out);
    return out;
}

const std::string* find_field(const field_list& fields, std::string_view name) noexcept {
    for (const auto& f : fields)
        if (f.name == name) return &f.value;
    return nullptr;
}

}  // namespace lal::h3
