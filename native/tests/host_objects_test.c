/* Unit checks of the host's own pieces (WAV I/O, IBStream, IParameterChanges, IMessage/IAttributeList), run by ctest.
 * argv[1] is a writable folder for the WAV files. */
#include "host_objects.h"
#include "vst3_abi.h"
#include "wav.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures;
#define CHECK(cond)                                                                                                    \
    do {                                                                                                               \
        if (!(cond)) {                                                                                                 \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);                                   \
            failures++;                                                                                                \
        }                                                                                                              \
    } while (0)

static void put(unsigned char *p, uint32_t v, int bytes)
{
    for (int i = 0; i < bytes; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

/* A PCM file written by hand (not by wav.c), so the reader is checked against the format, not against itself. */
static void write_pcm(const char *path, int bits, const int32_t *values, int count)
{
    int step = bits / 8;
    unsigned char h[44];
    memcpy(h, "RIFF", 4);
    put(h + 4, (uint32_t)(36 + count * step), 4);
    memcpy(h + 8, "WAVEfmt ", 8);
    put(h + 16, 16, 4);
    put(h + 20, 1, 2);
    put(h + 22, 1, 2);
    put(h + 24, 48000, 4);
    put(h + 28, (uint32_t)(48000 * step), 4);
    put(h + 32, (uint32_t)step, 2);
    put(h + 34, (uint32_t)bits, 2);
    memcpy(h + 36, "data", 4);
    put(h + 40, (uint32_t)(count * step), 4);
    FILE *f = fopen(path, "wb");
    fwrite(h, 1, sizeof h, f);
    for (int i = 0; i < count; i++) {
        unsigned char b[4];
        put(b, (uint32_t)values[i], step);
        fwrite(b, 1, (size_t)step, f);
    }
    fclose(f);
}

static void test_wav(const char *dir)
{
    char path[1024], error[256];
    Wav w;
    int32_t pcm16[] = {0, 16384, -32768, 32767};
    snprintf(path, sizeof path, "%s/pcm16.wav", dir);
    write_pcm(path, 16, pcm16, 4);
    CHECK(wav_read(path, &w, error, sizeof error) == 0);
    CHECK(w.frames == 4 && w.channels == 1 && w.sample_rate == 48000);
    CHECK(w.samples[1] == 0.5f && w.samples[2] == -1.0f);
    wav_free(&w);

    int32_t pcm24[] = {0x400000, -0x800000};
    snprintf(path, sizeof path, "%s/pcm24.wav", dir);
    write_pcm(path, 24, pcm24, 2);
    CHECK(wav_read(path, &w, error, sizeof error) == 0);
    CHECK(w.frames == 2 && w.samples[0] == 0.5f && w.samples[1] == -1.0f);
    wav_free(&w);

    float stereo[] = {0.25f, -0.125f, 1.5f, -3.0f, 1e-7f, 0.0f};
    Wav out = {2, 44100, 3, stereo};
    snprintf(path, sizeof path, "%s/float.wav", dir);
    CHECK(wav_write_float(path, &out, error, sizeof error) == 0);
    CHECK(wav_read(path, &w, error, sizeof error) == 0);
    CHECK(w.frames == 3 && w.channels == 2 && w.sample_rate == 44100);
    CHECK(memcmp(w.samples, stereo, sizeof stereo) == 0);
    wav_free(&w);

    snprintf(path, sizeof path, "%s/missing.wav", dir);
    CHECK(wav_read(path, &w, error, sizeof error) != 0 && strstr(error, "cannot open") != NULL);
}

static void test_stream(void)
{
    MemoryStream *s = memory_stream_create();
    const IBStreamVtbl *v = *(const IBStreamVtbl **)s;
    int32_t n = 0;
    int64_t pos = 0;
    CHECK(v->write(s, "abcdef", 6, &n) == kResultOk && n == 6);
    CHECK(v->seek(s, 2, 0, &pos) == kResultOk && pos == 2);
    char buf[8] = {0};
    CHECK(v->read(s, buf, 8, &n) == kResultOk && n == 4 && memcmp(buf, "cdef", 4) == 0);
    CHECK(v->read(s, buf, 8, &n) == kResultOk && n == 0);
    CHECK(v->seek(s, -1, 0, &pos) == kInvalidArgument);
    CHECK(v->tell(s, &pos) == kResultOk && pos == 6);
    void *obj = NULL;
    TUID iid;
    v3_id_bytes(IID_IBStream, iid);
    CHECK(v->queryInterface(s, iid, &obj) == kResultOk && obj == s);
    CHECK(v->release(s) == 1);
    v3_id_bytes(IID_IMessage, iid);
    CHECK(v->queryInterface(s, iid, &obj) == kNoInterface && obj == NULL);
    memory_stream_release(s);
}

static void test_param_changes(void)
{
    ParamChanges *c = param_changes_create(2, 3);
    const IParameterChangesVtbl *v = *(const IParameterChangesVtbl **)c;
    CHECK(param_changes_add(c, 7, 0, 0.25) && param_changes_add(c, 7, 10, 0.5) && param_changes_add(c, 9, 3, 1.0));
    CHECK(!param_changes_add(c, 11, 0, 0.0)); /* only two queues */
    CHECK(v->getParameterCount(c) == 2);
    void *q = v->getParameterData(c, 0);
    const IParamValueQueueVtbl *qv = *(const IParamValueQueueVtbl **)q;
    int32_t offset = -1;
    double value = -1;
    CHECK(qv->getParameterId(q) == 7 && qv->getPointCount(q) == 2);
    CHECK(qv->getPoint(q, 1, &offset, &value) == kResultOk && offset == 10 && value == 0.5);
    CHECK(qv->getPoint(q, 2, &offset, &value) == kInvalidArgument);
    uint32_t id = 0;
    CHECK(param_changes_last(c, 0, &id, &value) && id == 7 && value == 0.5);
    param_changes_clear(c);
    CHECK(v->getParameterCount(c) == 0);
    param_changes_destroy(c);
}

static void test_messages(void)
{
    void *app = host_application();
    const IHostApplicationVtbl *v = *(const IHostApplicationVtbl **)app;
    TUID iid;
    v3_id_bytes(IID_IMessage, iid);
    void *m = NULL;
    CHECK(v->createInstance(app, iid, iid, &m) == kResultOk && m != NULL);
    CHECK(host_live_messages() == 1);
    const IMessageVtbl *mv = *(const IMessageVtbl **)m;
    mv->setMessageID(m, "hello");
    CHECK(strcmp(mv->getMessageID(m), "hello") == 0);
    void *list = mv->getAttributes(m);
    const IAttributeListVtbl *lv = *(const IAttributeListVtbl **)list;
    int64_t i = 0;
    double f = 0;
    CHECK(lv->setInt(list, "flags", 8) == kResultOk && lv->getInt(list, "flags", &i) == kResultOk && i == 8);
    CHECK(lv->getFloat(list, "flags", &f) == kResultFalse);
    CHECK(lv->setFloat(list, "gain", 0.5) == kResultOk && lv->getFloat(list, "gain", &f) == kResultOk && f == 0.5);
    const char16 text[] = {'h', 'i', 0};
    char16 back[8] = {0};
    CHECK(lv->setString(list, "s", text) == kResultOk && lv->getString(list, "s", back, sizeof back) == kResultOk);
    CHECK(back[0] == 'h' && back[1] == 'i' && back[2] == 0);
    CHECK(mv->release(m) == 0);
    CHECK(host_live_messages() == 0);
    v3_id_bytes(IID_IBStream, iid);
    CHECK(v->createInstance(app, iid, iid, &m) == kResultFalse && m == NULL);
}

int main(int argc, char **argv)
{
    test_wav(argc > 1 ? argv[1] : ".");
    test_stream();
    test_param_changes();
    test_messages();
    if (failures == 0)
        printf("host_objects_test: all checks passed\n");
    return failures == 0 ? 0 : 1;
}
