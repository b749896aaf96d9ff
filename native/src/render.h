/* The render loop: a WAV through the processor block by block, with sample-accurate parameter changes. */
#ifndef VST3HOST_RENDER_H
#define VST3HOST_RENDER_H

#include "session.h"
#include "wav.h"

typedef struct {
    uint32_t id;
    double value;   /* normalized */
    int64_t offset; /* sample position in the file */
} ScheduledParam;

typedef struct {
    int block;
    int mode;
    const ScheduledParam *params; /* sorted by offset */
    int param_count;
    int pace_ms; /* sleep after each block, to leave plug-in background threads time as real-time playback does */
} RenderOptions;

/* Renders `input` through an active, processing session. `outputs` receives one Wav per output bus (allocated
 * here, `*output_count` of them). Output parameter changes are forwarded to the controller, as hosts do, and their
 * last values printed. Returns 0 on success. */
int render(Session *session, const Wav *input, const RenderOptions *options, Wav **outputs, int *output_count,
    FILE *out);

#endif
