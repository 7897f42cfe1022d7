/* MinHash signatures of word 5-shingles, compiled: byte for byte what
 * jkannotate/ingest/duplicates.py computes with numpy (tests/ingest/test_compiled_signing.py
 * holds the two together), in one pass over each text's UTF-8 bytes instead of a dozen
 * passes of numpy over temporaries. Built at install when a C compiler is there; without
 * one, duplicates.py signs with numpy.
 *
 * Words: runs of ASCII letters and digits (lower-cased) and bytes >= 0x80; typographic
 * punctuation (E2 xx xx: ' " -- ...) separates them; every character whose UTF-8 lead
 * byte is >= E3 (CJK, Hangul, emoji) starts a word of its own. A word's hash is
 * sum(value(byte j) * BASE**j) mod 2**64 with value = byte + 1. Five consecutive word
 * hashes mix into a shingle (a text of fewer words: each word alone), murmur3's
 * finaliser spreads it, and its top 7 bits pick one of 128 bins, which keeps the
 * smallest of the next 16 bits. Empty bins borrow from the next filled bin to their
 * right (rotation densification), each bin of such a row then reduced mod 0xFFFF. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

#define NUM_HASHES 128
#define BIN_BITS 7
#define VALUE_BITS 16
#define VALUE_MASK 0xFFFFu
#define ROTATION_STEP 40503u
#define SHINGLE_WORDS 5
#define BASE 0x100000001B3ull

static const uint64_t MIX[SHINGLE_WORDS] = {
    0x9E3779B97F4A7C15ull, 0xC2B2AE3D27D4EB4Full, 0x165667B19E3779F9ull,
    0x27D4EB2F165667C5ull, 0x85EBCA77C2B2AE63ull};

static uint8_t byte_value[256];
static uint8_t continues[256];  /* a word byte that does not start a word */

static void init_byte_values(void) {
    memset(byte_value, 0, sizeof byte_value);
    for (int c = '0'; c <= '9'; c++) byte_value[c] = (uint8_t)(c + 1);
    for (int c = 'a'; c <= 'z'; c++) byte_value[c] = (uint8_t)(c + 1);
    for (int c = 'A'; c <= 'Z'; c++) byte_value[c] = (uint8_t)(c - 'A' + 'a' + 1);
    for (int c = 0x80; c < 0xFF; c++) byte_value[c] = (uint8_t)(c + 1);
    for (int c = 0; c < 256; c++) continues[c] = byte_value[c] && c < 0xE2;
}

static inline uint64_t finalise(uint64_t m) {
    m = (m ^ (m >> 33)) * 0xFF51AFD7ED558CCDull;
    m = (m ^ (m >> 33)) * 0xC4CEB9FE1A85EC53ull;
    return m ^ (m >> 33);
}

static inline void keep(uint16_t *smallest, uint8_t *filled, uint64_t shingle) {
    uint64_t key = finalise(shingle) >> (64 - BIN_BITS - VALUE_BITS);
    unsigned bin = (unsigned)(key >> VALUE_BITS);
    uint16_t value = (uint16_t)(key & VALUE_MASK);
    if (value < smallest[bin]) smallest[bin] = value;
    filled[bin] = 1;
}

/* One text's signature into out (NUM_HASHES little-endian uint16). */
static void sign_text(const uint8_t *data, Py_ssize_t size, uint8_t *out) {
    uint16_t smallest[NUM_HASHES];
    uint8_t filled[NUM_HASHES];
    uint64_t w0 = 0, w1 = 0, w2 = 0, w3 = 0, w4 = 0;  /* the last five words' hashes */
    memset(filled, 0, sizeof filled);
    for (int b = 0; b < NUM_HASHES; b++) smallest[b] = VALUE_MASK;
    Py_ssize_t words = 0;
    Py_ssize_t i = 0;
    while (i < size) {
        uint8_t byte = data[i++];
        if (byte == 0xE2) { i += 2; continue; }  /* typographic punctuation: E2 xx xx */
        uint64_t hash = byte_value[byte];
        if (!hash) continue;
        /* a word: this byte and the following bytes that continue it (not >= E2) */
        uint64_t power = BASE;
        while (i < size && continues[data[i]]) {
            hash += byte_value[data[i]] * power;
            power *= BASE;
            i++;
        }
        w0 = w1; w1 = w2; w2 = w3; w3 = w4; w4 = hash;
        if (++words >= SHINGLE_WORDS) {
            uint64_t m = w0 * MIX[0];
            m = (m ^ (m >> 29)) + w1 * MIX[1];
            m = (m ^ (m >> 29)) + w2 * MIX[2];
            m = (m ^ (m >> 29)) + w3 * MIX[3];
            m = (m ^ (m >> 29)) + w4 * MIX[4];
            keep(smallest, filled, m);
        }
    }
    if (words < SHINGLE_WORDS) {  /* a text of fewer words: each word a shingle */
        uint64_t last[SHINGLE_WORDS] = {w0, w1, w2, w3, w4};
        for (Py_ssize_t k = SHINGLE_WORDS - words; k < SHINGLE_WORDS; k++)
            keep(smallest, filled, last[k] * MIX[0]);
    }
    int count = 0;
    for (int b = 0; b < NUM_HASHES; b++) count += filled[b];
    uint16_t result[NUM_HASHES];
    if (count == 0) {
        for (int b = 0; b < NUM_HASHES; b++) result[b] = VALUE_MASK;
    } else if (count == NUM_HASHES) {
        memcpy(result, smallest, sizeof result);
    } else {  /* rotation densification: every bin from the next filled bin at or after it */
        int next = -1;
        for (int b = 2 * NUM_HASHES - 1; b >= 0; b--) {
            if (filled[b % NUM_HASHES]) next = b;
            if (b < NUM_HASHES) {
                uint32_t distance = (uint32_t)(next - b);
                result[b] = (uint16_t)(((uint32_t)smallest[next % NUM_HASHES]
                                        + distance * ROTATION_STEP) % VALUE_MASK);
            }
        }
    }
    for (int b = 0; b < NUM_HASHES; b++) {
        out[2 * b] = (uint8_t)(result[b] & 0xFF);
        out[2 * b + 1] = (uint8_t)(result[b] >> 8);
    }
}

static PyObject *signature_block(PyObject *module, PyObject *texts) {
    PyObject *sequence = PySequence_Fast(texts, "texts must be a sequence of str");
    if (!sequence) return NULL;
    Py_ssize_t count = PySequence_Fast_GET_SIZE(sequence);
    PyObject **items = PySequence_Fast_ITEMS(sequence);
    PyObject *result = PyBytes_FromStringAndSize(NULL, count * 2 * NUM_HASHES);
    const uint8_t **data = PyMem_Malloc(sizeof(*data) * (count ? count : 1));
    Py_ssize_t *sizes = PyMem_Malloc(sizeof(*sizes) * (count ? count : 1));
    PyObject **encoded = PyMem_Calloc(count ? count : 1, sizeof(*encoded));
    if (!result || !data || !sizes || !encoded) {
        PyErr_NoMemory();
        goto fail;
    }
    for (Py_ssize_t k = 0; k < count; k++) {
        PyObject *text = items[k];
        if (!PyUnicode_Check(text)) {
            PyErr_SetString(PyExc_TypeError, "texts must be a sequence of str");
            goto fail;
        }
        if (PyUnicode_READY(text) < 0) goto fail;
        if (PyUnicode_IS_ASCII(text)) {  /* its own bytes are its UTF-8 */
            data[k] = PyUnicode_DATA(text);
            sizes[k] = PyUnicode_GET_LENGTH(text);
        } else {  /* encoded for this call only (not cached on the str) */
            encoded[k] = PyUnicode_AsUTF8String(text);
            if (!encoded[k]) goto fail;
            data[k] = (const uint8_t *)PyBytes_AS_STRING(encoded[k]);
            sizes[k] = PyBytes_GET_SIZE(encoded[k]);
        }
    }
    uint8_t *out = (uint8_t *)PyBytes_AS_STRING(result);
    Py_BEGIN_ALLOW_THREADS
    for (Py_ssize_t k = 0; k < count; k++) sign_text(data[k], sizes[k], out + k * 2 * NUM_HASHES);
    Py_END_ALLOW_THREADS
    for (Py_ssize_t k = 0; k < count; k++) Py_XDECREF(encoded[k]);
    PyMem_Free(encoded);
    PyMem_Free(sizes);
    PyMem_Free(data);
    Py_DECREF(sequence);
    return result;
fail:
    if (encoded)
        for (Py_ssize_t k = 0; k < count; k++) Py_XDECREF(encoded[k]);
    PyMem_Free(encoded);
    PyMem_Free(sizes);
    PyMem_Free(data);
    Py_XDECREF(result);
    Py_DECREF(sequence);
    return NULL;
}

static PyMethodDef methods[] = {
    {"signature_block", signature_block, METH_O,
     "The MinHash signatures of the texts one after the other (256 bytes each)."},
    {NULL, NULL, 0, NULL}};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_minhash", NULL, -1, methods};

PyMODINIT_FUNC PyInit__minhash(void) {
    init_byte_values();
    return PyModule_Create(&module);
}
