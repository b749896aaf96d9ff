/* IBStream over a growable memory buffer, with load/save to files for --load-state / --save-state. */
#include "host_objects.h"
#include "vst3_abi.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct MemoryStream {
    const IBStreamVtbl *vtbl;
    atomic_uint refs;
    unsigned char *data;
    int64_t size;
    int64_t capacity;
    int64_t position;
};

static tresult stream_query(void *self, const char *iid, void **obj)
{
    if (v3_id_equals(iid, IID_FUnknown) || v3_id_equals(iid, IID_IBStream)) {
        atomic_fetch_add(&((MemoryStream *)self)->refs, 1);
        *obj = self;
        return kResultOk;
    }
    *obj = NULL;
    return kNoInterface;
}

static uint32_t stream_add_ref(void *self) { return atomic_fetch_add(&((MemoryStream *)self)->refs, 1) + 1; }

static uint32_t stream_release(void *self)
{
    MemoryStream *s = self;
    uint32_t left = atomic_fetch_sub(&s->refs, 1) - 1;
    if (left == 0) {
        free(s->data);
        free(s);
    }
    return left;
}

static tresult stream_read(void *self, void *buffer, int32_t numBytes, int32_t *numBytesRead)
{
    MemoryStream *s = self;
    if (buffer == NULL || numBytes < 0)
        return kInvalidArgument;
    int64_t available = s->size > s->position ? s->size - s->position : 0;
    int32_t n = numBytes < available ? numBytes : (int32_t)available;
    if (n > 0)
        memcpy(buffer, s->data + s->position, (size_t)n);
    s->position += n;
    if (numBytesRead != NULL)
        *numBytesRead = n;
    return kResultOk;
}

static tresult stream_write(void *self, void *buffer, int32_t numBytes, int32_t *numBytesWritten)
{
    MemoryStream *s = self;
    if (buffer == NULL || numBytes < 0)
        return kInvalidArgument;
    int64_t end = s->position + numBytes;
    if (end > s->capacity) {
        int64_t capacity = s->capacity > 0 ? s->capacity : 256;
        while (capacity < end)
            capacity *= 2;
        unsigned char *grown = realloc(s->data, (size_t)capacity);
        if (grown == NULL)
            return kOutOfMemory;
        s->data = grown;
        s->capacity = capacity;
    }
    if (s->position > s->size) /* a seek past the end leaves a zero-filled gap */
        memset(s->data + s->size, 0, (size_t)(s->position - s->size));
    memcpy(s->data + s->position, buffer, (size_t)numBytes);
    s->position = end;
    if (end > s->size)
        s->size = end;
    if (numBytesWritten != NULL)
        *numBytesWritten = numBytes;
    return kResultOk;
}

static tresult stream_seek(void *self, int64_t pos, int32_t mode, int64_t *result)
{
    MemoryStream *s = self;
    int64_t base = mode == 0 ? 0 : mode == 1 ? s->position : mode == 2 ? s->size : -1;
    if (base < 0 || base + pos < 0)
        return kInvalidArgument;
    s->position = base + pos;
    if (result != NULL)
        *result = s->position;
    return kResultOk;
}

static tresult stream_tell(void *self, int64_t *pos)
{
    if (pos == NULL)
        return kInvalidArgument;
    *pos = ((MemoryStream *)self)->position;
    return kResultOk;
}

static const IBStreamVtbl stream_vtbl = {
    stream_query, stream_add_ref, stream_release, stream_read, stream_write, stream_seek, stream_tell,
};

MemoryStream *memory_stream_create(void)
{
    MemoryStream *s = calloc(1, sizeof *s);
    if (s != NULL) {
        s->vtbl = &stream_vtbl;
        atomic_init(&s->refs, 1);
    }
    return s;
}

MemoryStream *memory_stream_from_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    MemoryStream *s = memory_stream_create();
    unsigned char chunk[4096];
    size_t n;
    while (s != NULL && (n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (stream_write(s, chunk, (int32_t)n, NULL) != kResultOk) {
            memory_stream_release(s);
            s = NULL;
        }
    }
    fclose(f);
    if (s != NULL)
        s->position = 0;
    return s;
}

int memory_stream_save(const MemoryStream *stream, const char *path)
{
    FILE *f = fopen(path, "wb");
    if (f == NULL)
        return 0;
    int ok = fwrite(stream->data, 1, (size_t)stream->size, f) == (size_t)stream->size;
    return fclose(f) == 0 && ok;
}

void memory_stream_rewind(MemoryStream *stream) { stream->position = 0; }
size_t memory_stream_size(const MemoryStream *stream) { return (size_t)stream->size; }
void memory_stream_release(MemoryStream *stream) { stream_release(stream); }
