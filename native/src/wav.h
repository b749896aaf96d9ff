/* Minimal WAV I/O: reads 16/24/32-bit integer PCM and 32-bit float (plain or WAVE_FORMAT_EXTENSIBLE) into
 * interleaved floats; writes 32-bit float WAV atomically (temp file + rename). */
#ifndef VST3HOST_WAV_H
#define VST3HOST_WAV_H

#include <stdint.h>

typedef struct {
    int channels;
    int sample_rate;
    int64_t frames;
    float *samples; /* interleaved, frames * channels */
} Wav;

/* 0 on success; otherwise an error message is written to `error`. */
int wav_read(const char *path, Wav *wav, char *error, int error_size);
int wav_write_float(const char *path, const Wav *wav, char *error, int error_size);
void wav_free(Wav *wav);

#endif
