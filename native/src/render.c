#include "render.h"

#include "host_objects.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { MAX_BUSES = 16, MAX_QUEUES = 64, MAX_POINTS = 1024 };

typedef struct {
    int count;
    AudioBusBuffers buses[MAX_BUSES];
    float **channels[MAX_BUSES];
} Buses;

static int alloc_buses(IComponent *c, int dir, int block, Buses *b)
{
    b->count = c->vtbl->getBusCount(c, kAudio, dir);
    if (b->count > MAX_BUSES)
        return 1;
    for (int i = 0; i < b->count; i++) {
        BusInfo info;
        memset(&info, 0, sizeof info);
        c->vtbl->getBusInfo(c, kAudio, dir, i, &info);
        b->channels[i] = calloc((size_t)info.channelCount + 1, sizeof(float *));
        for (int ch = 0; ch < info.channelCount; ch++)
            b->channels[i][ch] = calloc((size_t)block, sizeof(float));
        b->buses[i].numChannels = info.channelCount;
        b->buses[i].silenceFlags = 0;
        b->buses[i].channelBuffers32 = b->channels[i];
    }
    return 0;
}

static void free_buses(Buses *b)
{
    for (int i = 0; i < b->count; i++) {
        for (int ch = 0; ch < b->buses[i].numChannels; ch++)
            free(b->channels[i][ch]);
        free(b->channels[i]);
    }
}

typedef struct {
    uint32_t id;
    double value;
} LastValue;

static void remember(LastValue *last, int *count, uint32_t id, double value)
{
    for (int i = 0; i < *count; i++) {
        if (last[i].id == id) {
            last[i].value = value;
            return;
        }
    }
    if (*count < MAX_QUEUES)
        last[(*count)++] = (LastValue){id, value};
}

int render(Session *s, const Wav *input, const RenderOptions *o, Wav **outputs, int *output_count, FILE *out)
{
    Buses ins, outs;
    memset(&ins, 0, sizeof ins);
    memset(&outs, 0, sizeof outs);
    ParamChanges *in_changes = param_changes_create(MAX_QUEUES, MAX_POINTS);
    ParamChanges *out_changes = param_changes_create(MAX_QUEUES, MAX_POINTS);
    int failed = alloc_buses(s->component, kInput, o->block, &ins) || alloc_buses(s->component, kOutput, o->block, &outs)
        || in_changes == NULL || out_changes == NULL;

    *output_count = outs.count;
    *outputs = calloc((size_t)outs.count + 1, sizeof(Wav));
    for (int b = 0; !failed && b < outs.count; b++) {
        Wav *w = &(*outputs)[b];
        w->channels = outs.buses[b].numChannels;
        w->sample_rate = input->sample_rate;
        w->frames = input->frames;
        w->samples = calloc((size_t)(w->frames * w->channels + 1), sizeof(float));
        failed = w->samples == NULL;
    }

    ProcessContext context;
    memset(&context, 0, sizeof context);
    context.sampleRate = input->sample_rate;
    context.tempo = 120;
    context.timeSigNumerator = 4;
    context.timeSigDenominator = 4;
    LastValue last[MAX_QUEUES];
    int last_count = 0;
    int next_param = 0;
    int64_t blocks = 0;

    for (int64_t pos = 0; !failed && pos < input->frames; pos += o->block) {
        session_handle_restart(s, out);
        int n = (int)(input->frames - pos < o->block ? input->frames - pos : o->block);

        if (ins.count > 0) { /* main input from the file, other inputs silent */
            for (int ch = 0; ch < ins.buses[0].numChannels; ch++)
                for (int i = 0; i < n; i++)
                    ins.channels[0][ch][i] =
                        ch < input->channels ? input->samples[(pos + i) * input->channels + ch] : 0.0f;
        }
        param_changes_clear(in_changes);
        while (next_param < o->param_count && o->params[next_param].offset < pos + n) {
            const ScheduledParam *p = &o->params[next_param++];
            int32_t offset = p->offset > pos ? (int32_t)(p->offset - pos) : 0;
            if (!param_changes_add(in_changes, p->id, offset, p->value))
                fprintf(stderr, "parameter point dropped (capacity)\n");
        }
        param_changes_clear(out_changes);

        ProcessData data;
        memset(&data, 0, sizeof data);
        data.processMode = o->mode;
        data.symbolicSampleSize = kSample32;
        data.numSamples = n;
        data.numInputs = ins.count;
        data.numOutputs = outs.count;
        data.inputs = ins.buses;
        data.outputs = outs.buses;
        data.inputParameterChanges = in_changes;
        data.outputParameterChanges = out_changes;
        data.processContext = &context;
        context.projectTimeSamples = pos;
        context.continousTimeSamples = pos;

        tresult r = s->processor->vtbl->process(s->processor, &data);
        if (r != kResultOk) {
            fprintf(stderr, "process returned %d at sample %lld\n", r, (long long)pos);
            failed = 1;
            break;
        }
        blocks++;
        if (o->pace_ms > 0) {
            struct timespec pause = {o->pace_ms / 1000, (long)(o->pace_ms % 1000) * 1000000L};
            nanosleep(&pause, NULL);
        }
        for (int b = 0; b < outs.count; b++) {
            Wav *w = &(*outputs)[b];
            for (int ch = 0; ch < w->channels; ch++)
                for (int i = 0; i < n; i++)
                    w->samples[(pos + i) * w->channels + ch] = outs.channels[b][ch][i];
        }
        for (int q = 0; q < param_changes_queue_count(out_changes); q++) {
            uint32_t id;
            double value;
            if (param_changes_last(out_changes, q, &id, &value)) {
                s->controller->vtbl->setParamNormalized(s->controller, id, value);
                remember(last, &last_count, id, value);
            }
        }
    }

    if (!failed) {
        fprintf(out, "processed samples=%lld blocks=%lld\n", (long long)input->frames, (long long)blocks);
        for (int i = 0; i < last_count; i++)
            fprintf(out, "output-param id=%u value=%.9g\n", last[i].id, last[i].value);
    }
    free_buses(&ins);
    free_buses(&outs);
    param_changes_destroy(in_changes);
    param_changes_destroy(out_changes);
    return failed;
}
