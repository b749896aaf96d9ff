#include "wav.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { FORMAT_PCM = 1, FORMAT_FLOAT = 3, FORMAT_EXTENSIBLE = 0xFFFE };

static uint32_t le32(const unsigned char *p) { return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24; }
static uint16_t le16(const unsigned char *p) { return (uint16_t)(p[0] | p[1] << 8); }

static void put32(unsigned char *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

static void put16(unsigned char *p, uint16_t v)
{
    p[0] = (unsigned char)v;
    p[1] = (unsigned char)(v >> 8);
}

static int fail(char *error, int size, const char *path, const char *what)
{
    snprintf(error, (size_t)size, "%s: %s", path, what);
    return 1;
}

static float decode(const unsigned char *p, int format, int bits)
{
    if (format == FORMAT_FLOAT) {
        float f;
        uint32_t u = le32(p);
        memcpy(&f, &u, sizeof f);
        return f;
    }
    if (bits == 16)
        return (float)(int16_t)le16(p) / 32768.0f;
    if (bits == 24) {
        int32_t v = (int32_t)((uint32_t)p[0] << 8 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 24) >> 8;
        return (float)v / 8388608.0f;
    }
    return (float)((double)(int32_t)le32(p) / 2147483648.0);
}

int wav_read(const char *path, Wav *wav, char *error, int error_size)
{
    memset(wav, 0, sizeof *wav);
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return fail(error, error_size, path, "cannot open");
    unsigned char header[12];
    if (fread(header, 1, 12, f) != 12 || memcmp(header, "RIFF", 4) != 0 || memcmp(header + 8, "WAVE", 4) != 0) {
        fclose(f);
        return fail(error, error_size, path, "not a RIFF/WAVE file");
    }
    int format = 0, bits = 0, block_align = 0;
    unsigned char chunk[8];
    while (fread(chunk, 1, 8, f) == 8) {
        uint32_t size = le32(chunk + 4);
        if (memcmp(chunk, "fmt ", 4) == 0 && size >= 16 && size <= 64) {
            unsigned char fmt[64];
            if (fread(fmt, 1, size, f) != size)
                break;
            format = le16(fmt);
            wav->channels = le16(fmt + 2);
            wav->sample_rate = (int)le32(fmt + 4);
            block_align = le16(fmt + 12);
            bits = le16(fmt + 14);
            if (format == FORMAT_EXTENSIBLE && size >= 26)
                format = le16(fmt + 24); /* the sub-format GUID starts with the plain format tag */
            if (size & 1)
                fseek(f, 1, SEEK_CUR);
        } else if (memcmp(chunk, "data", 4) == 0) {
            int valid = (format == FORMAT_PCM && (bits == 16 || bits == 24 || bits == 32))
                || (format == FORMAT_FLOAT && bits == 32);
            if (!valid || wav->channels < 1 || block_align != wav->channels * bits / 8) {
                fclose(f);
                return fail(error, error_size, path,
                    "unsupported format: supported are 16/24/32-bit integer PCM and 32-bit float");
            }
            wav->frames = size / (uint32_t)block_align;
            size_t bytes = (size_t)wav->frames * (size_t)block_align;
            unsigned char *raw = malloc(bytes > 0 ? bytes : 1);
            wav->samples = malloc(sizeof(float) * (size_t)(wav->frames * wav->channels + 1));
            if (raw == NULL || wav->samples == NULL || fread(raw, 1, bytes, f) != bytes) {
                free(raw);
                fclose(f);
                wav_free(wav);
                return fail(error, error_size, path, "truncated data chunk");
            }
            int step = bits / 8;
            for (int64_t i = 0; i < wav->frames * wav->channels; i++)
                wav->samples[i] = decode(raw + (size_t)i * (size_t)step, format, bits);
            free(raw);
            fclose(f);
            return 0;
        } else if (fseek(f, (long)(size + (size & 1)), SEEK_CUR) != 0) {
            break;
        }
    }
    fclose(f);
    return fail(error, error_size, path, "no fmt/data chunk");
}

int wav_write_float(const char *path, const Wav *wav, char *error, int error_size)
{
    char temp[4096];
    if (snprintf(temp, sizeof temp, "%s.tmp", path) >= (int)sizeof temp)
        return fail(error, error_size, path, "path too long");
    FILE *f = fopen(temp, "wb");
    if (f == NULL)
        return fail(error, error_size, path, "cannot create");
    uint32_t data_bytes = (uint32_t)(wav->frames * wav->channels * 4);
    unsigned char h[58];
    memcpy(h, "RIFF", 4);
    put32(h + 4, 50 + data_bytes);
    memcpy(h + 8, "WAVEfmt ", 8);
    put32(h + 16, 18);
    put16(h + 20, FORMAT_FLOAT);
    put16(h + 22, (uint16_t)wav->channels);
    put32(h + 24, (uint32_t)wav->sample_rate);
    put32(h + 28, (uint32_t)(wav->sample_rate * wav->channels * 4));
    put16(h + 32, (uint16_t)(wav->channels * 4));
    put16(h + 34, 32);
    put16(h + 36, 0);
    memcpy(h + 38, "fact", 4);
    put32(h + 42, 4);
    put32(h + 46, (uint32_t)wav->frames);
    memcpy(h + 50, "data", 4);
    put32(h + 54, data_bytes);
    int ok = fwrite(h, 1, sizeof h, f) == sizeof h;
    for (int64_t i = 0; ok && i < wav->frames * wav->channels; i++) {
        unsigned char b[4];
        uint32_t u;
        memcpy(&u, &wav->samples[i], 4);
        put32(b, u);
        ok = fwrite(b, 1, 4, f) == 4;
    }
    if (fclose(f) != 0 || !ok || rename(temp, path) != 0) {
        remove(temp);
        return fail(error, error_size, path, "write failed");
    }
    return 0;
}

void wav_free(Wav *wav)
{
    free(wav->samples);
    wav->samples = NULL;
}
