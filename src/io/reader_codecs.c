/* The reader's decoders (see reader_int.h): each drains the input buffer into the caller's
 * buffer and refills it only when it has consumed it all. */
#include "io/reader_int.h"

int pc_reader_read_gzip(struct pc_reader *r, unsigned char *buf, size_t cap, size_t *got,
                        struct pc_error *err)
{
    for (;;) {
        if (r->done) return PC_OK;
        if (r->z_between) { /* another member may follow (multi-member gzip: pigz, cat, BGZF) */
            while (r->in_len - r->in_pos < 2 && !r->in_eof) {
                int rc = pc_reader_fill_in(r, err);
                if (rc) return rc;
            }
            size_t left = r->in_len - r->in_pos;
            if (left == 0 && pc_reader_extend(r)) continue;
            if (left == 0) {
                r->done = 1;
                return PC_OK;
            }
            if (left < 2 || r->in[r->in_pos] != 0x1f || r->in[r->in_pos + 1] != 0x8b)
                return pc_reader_fail(r, err, PC_EFORMAT, "trailing garbage after gzip data%s",
                                      NULL);
            inflateReset(&r->z);
            r->z_between = 0;
        }
        if (r->in_pos == r->in_len) {
            int rc = pc_reader_fill_in(r, err);
            if (rc) return rc;
            if (r->in_pos == r->in_len) /* end of input inside a member */
                return pc_reader_fail(r, err, PC_EFORMAT,
                                      "truncated gzip data (unexpected end of file)%s", NULL);
        }
        r->z.next_in = r->in + r->in_pos;
        r->z.avail_in = (uInt)(r->in_len - r->in_pos);
        r->z.next_out = buf;
        r->z.avail_out = (uInt)(cap > UINT32_MAX ? UINT32_MAX : cap);
        uInt out_before = r->z.avail_out;
        int ret = inflate(&r->z, Z_NO_FLUSH);
        r->in_pos = r->in_len - r->z.avail_in;
        *got = out_before - r->z.avail_out;
        if (ret == Z_STREAM_END) {
            r->z_between = 1;
        } else if (ret == Z_DATA_ERROR || ret == Z_NEED_DICT) {
            return pc_reader_fail(r, err, PC_EFORMAT, "corrupt gzip data (%s)",
                                  r->z.msg ? r->z.msg : "invalid data");
        } else if (ret == Z_MEM_ERROR) {
            return pc_reader_fail(r, err, PC_ENOMEM, "out of memory in gzip decoder%s", NULL);
        } else if (ret != Z_OK && ret != Z_BUF_ERROR) {
            return pc_reader_fail(r, err, PC_EFORMAT, "gzip decoder error%s", NULL);
        }
        if (*got) return PC_OK;
    }
}

int pc_reader_read_zstd(struct pc_reader *r, unsigned char *buf, size_t cap, size_t *got,
                        struct pc_error *err)
{
    for (;;) {
        if (r->done) return PC_OK;
        if (r->in_pos == r->in_len) {
            int rc = pc_reader_fill_in(r, err);
            if (rc) return rc;
            if (r->in_pos == r->in_len) {
                if (r->zret != 0)
                    return pc_reader_fail(r, err, PC_EFORMAT,
                                          "truncated zstd data (unexpected end of file)%s", NULL);
                if (pc_reader_extend(r)) continue;
                r->done = 1;
                return PC_OK;
            }
        }
        ZSTD_inBuffer in = {r->in, r->in_len, r->in_pos};
        ZSTD_outBuffer out = {buf, cap, 0};
        size_t ret = ZSTD_decompressStream(r->zs, &out, &in);
        r->in_pos = in.pos;
        if (ZSTD_isError(ret))
            return pc_reader_fail(r, err, PC_EFORMAT, "corrupt zstd data (%s)",
                                  ZSTD_getErrorName(ret));
        r->zret = ret;
        *got = out.pos;
        if (*got) return PC_OK;
    }
}

int pc_reader_read_xz(struct pc_reader *r, unsigned char *buf, size_t cap, size_t *got,
                      struct pc_error *err)
{
    for (;;) {
        if (r->done) return PC_OK;
        if (r->in_pos == r->in_len) {
            int rc = pc_reader_fill_in(r, err);
            if (rc) return rc;
        }
        r->lz.next_in = r->in + r->in_pos;
        r->lz.avail_in = r->in_len - r->in_pos;
        r->lz.next_out = buf;
        r->lz.avail_out = cap;
        lzma_action action = r->in_eof && r->in_pos == r->in_len ? LZMA_FINISH : LZMA_RUN;
        lzma_ret ret = lzma_code(&r->lz, action);
        r->in_pos = r->in_len - r->lz.avail_in;
        *got = cap - r->lz.avail_out;
        switch (ret) {
        case LZMA_OK:
            break;
        case LZMA_STREAM_END:
            r->done = 1;
            return PC_OK;
        case LZMA_BUF_ERROR:
            return pc_reader_fail(r, err, PC_EFORMAT,
                                  "truncated xz data (unexpected end of file)%s", NULL);
        case LZMA_MEM_ERROR:
        case LZMA_MEMLIMIT_ERROR:
            return pc_reader_fail(r, err, PC_ENOMEM, "out of memory in xz decoder%s", NULL);
        case LZMA_FORMAT_ERROR:
            return pc_reader_fail(r, err, PC_EFORMAT, "corrupt xz data (not in xz format)%s", NULL);
        case LZMA_OPTIONS_ERROR:
            return pc_reader_fail(r, err, PC_EFORMAT, "corrupt xz data (unsupported options)%s",
                                  NULL);
        case LZMA_DATA_ERROR:
            return pc_reader_fail(r, err, PC_EFORMAT, "corrupt xz data (invalid data)%s", NULL);
        default:
            return pc_reader_fail(r, err, PC_EFORMAT, "corrupt xz data%s", NULL);
        }
        if (*got) return PC_OK;
    }
}
