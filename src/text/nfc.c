/* NFC, NFD, NFKC and NFKD through ICU (libicu): filtered instances limited to Unicode 9.0
 * characters (see nfc.h for why), plus a UTF-8 span over the characters that can never change
 * under each. */
#include "text/nfc.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/unorm2.h>
#include <unicode/uset.h>
#include <unicode/ustring.h>

#include "core/error.h"
#include "text/utf8.h"

/* One Unicode normalization form: its filtered ICU instance and its always-unchanged set. */
struct form {
    pthread_once_t once;
    const UNormalizer2 *norm; /* filtered to Unicode 9.0, or NULL if ICU failed */
    USet *always;             /* code points that are unchanged in any context */
};
static struct form forms[4] = {{PTHREAD_ONCE_INIT, NULL, NULL},
                               {PTHREAD_ONCE_INIT, NULL, NULL},
                               {PTHREAD_ONCE_INIT, NULL, NULL},
                               {PTHREAD_ONCE_INIT, NULL, NULL}};

static void form_setup(enum pc_norm_form f)
{
    UErrorCode st = U_ZERO_ERROR;
    const UNormalizer2 *base = f == PC_NORM_NFC    ? unorm2_getNFCInstance(&st)
                               : f == PC_NORM_NFD  ? unorm2_getNFDInstance(&st)
                               : f == PC_NORM_NFKC ? unorm2_getNFKCInstance(&st)
                                                   : unorm2_getNFKDInstance(&st);
    /* [:age=9.0:] is every code point assigned in Unicode 9.0 or earlier. */
    static const UChar age_pat[] = u"[:age=9.0:]";
    USet *age = uset_openPattern(age_pat, -1, &st);
    if (U_FAILURE(st)) return;
    uset_freeze(age);
    UNormalizer2 *filtered = unorm2_openFiltered(base, age, &st);
    /* Safe characters: quick check Yes with combining class 0 (no reordering, no composition
     * with a neighbour), or outside the filter (passed through). */
    static const UChar *const safe_pat[4] = {
        u"[[[:NFC_QC=Yes:]&[:ccc=0:]][:^age=9.0:]]", u"[[[:NFD_QC=Yes:]&[:ccc=0:]][:^age=9.0:]]",
        u"[[[:NFKC_QC=Yes:]&[:ccc=0:]][:^age=9.0:]]", u"[[[:NFKD_QC=Yes:]&[:ccc=0:]][:^age=9.0:]]"};
    USet *safe = uset_openPattern(safe_pat[f], -1, &st);
    if (U_FAILURE(st)) {
        if (filtered) unorm2_close(filtered);
        if (safe) uset_close(safe);
        return;
    }
    uset_freeze(safe);
    forms[f].always = safe;
    forms[f].norm = filtered; /* age stays alive: the filtered instance refers to it */
}

static void setup_nfc(void)
{
    form_setup(PC_NORM_NFC);
}
static void setup_nfd(void)
{
    form_setup(PC_NORM_NFD);
}
static void setup_nfkc(void)
{
    form_setup(PC_NORM_NFKC);
}
static void setup_nfkd(void)
{
    form_setup(PC_NORM_NFKD);
}

int pc_nfc(const char *s, size_t n, struct pc_buf *out)
{
    return pc_unorm(PC_NORM_NFC, s, n, out);
}

int pc_unorm(enum pc_norm_form f, const char *s, size_t n, struct pc_buf *out)
{
    size_t i = 0;
    while (i < n && (unsigned char)s[i] < 0x80) i++;
    if (i == n) return PC_NFC_UNCHANGED;
    if (!pc_utf8_valid(s + i, n - i, NULL)) return PC_EINVAL;
    if (n > (512u << 20)) return PC_ETOOBIG;
    static void (*const setup[4])(void) = {setup_nfc, setup_nfd, setup_nfkc, setup_nfkd};
    if ((unsigned)f > PC_NORM_NFKD) return PC_EINVAL;
    pthread_once(&forms[f].once, setup[f]);
    const UNormalizer2 *norm = forms[f].norm;
    if (!norm) return PC_EIO;
    if ((size_t)uset_spanUTF8(forms[f].always, s + i, (int32_t)(n - i), USET_SPAN_SIMPLE) == n - i)
        return PC_NFC_UNCHANGED;

    /* Slow path: UTF-8 -> UTF-16 -> normal form -> UTF-8. The ASCII prefix is copied as is,
     * except its last character, which may compose with what follows (e + U+0301). */
    if (i > 0) i--;
    UErrorCode st = U_ZERO_ERROR;
    int32_t n16 = 0;
    u_strFromUTF8(NULL, 0, &n16, s + i, (int32_t)(n - i), &st);
    if (st != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(st)) return PC_EINVAL;
    /* NFC of UTF-16 text is at most 3x longer (Unicode's stated bound for NFC); the
     * compatibility forms may grow more (U+FDFA: 18 characters), handled by the retry. */
    size_t cap16 = (size_t)n16 * 3 + 16;
    UChar *in16 = malloc(((size_t)n16 + 1 + cap16) * sizeof(UChar));
    if (!in16) return PC_ENOMEM;
    UChar *out16 = in16 + n16 + 1;
    int rc = PC_OK;
    st = U_ZERO_ERROR;
    u_strFromUTF8(in16, n16 + 1, NULL, s + i, (int32_t)(n - i), &st);
    int32_t m16 = U_FAILURE(st) ? 0 : unorm2_normalize(norm, in16, n16, out16, (int32_t)cap16, &st);
    if (st == U_BUFFER_OVERFLOW_ERROR) { /* beyond the 3x bound: retry at the exact size */
        UChar *bigger = malloc(((size_t)n16 + 1 + (size_t)m16) * sizeof(UChar));
        if (!bigger) {
            rc = PC_ENOMEM;
            goto done;
        }
        memcpy(bigger, in16, ((size_t)n16 + 1) * sizeof(UChar));
        free(in16);
        in16 = bigger;
        out16 = in16 + n16 + 1;
        st = U_ZERO_ERROR;
        m16 = unorm2_normalize(norm, in16, n16, out16, m16, &st);
    }
    if (U_FAILURE(st)) {
        rc = PC_EINVAL;
        goto done;
    }
    int32_t n8 = 0;
    st = U_ZERO_ERROR;
    u_strToUTF8(NULL, 0, &n8, out16, m16, &st);
    if (st != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(st)) {
        rc = PC_EINVAL;
        goto done;
    }
    if ((rc = pc_buf_reserve(out, i + (size_t)n8)) != PC_OK) goto done;
    if ((rc = pc_buf_append(out, s, i)) != PC_OK) goto done;
    st = U_ZERO_ERROR;
    u_strToUTF8(out->data + out->len, (int32_t)(out->cap - out->len), NULL, out16, m16, &st);
    if (U_FAILURE(st)) {
        rc = PC_EINVAL;
        goto done;
    }
    out->len += (size_t)n8;
    out->data[out->len] = '\0';
done:
    free(in16);
    return rc;
}
