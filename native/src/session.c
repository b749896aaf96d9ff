#include "session.h"

#include "host_objects.h"

#include <stdlib.h>
#include <string.h>

static const char *category_effect = "Audio Module Class";

int session_create(const Module *module, Session *s, int connect, char *error, int error_size)
{
    memset(s, 0, sizeof *s);
    IPluginFactory2 *f = module->factory;
    PClassInfo2 info;
    if (!module_find_class(module, category_effect, &info)) {
        snprintf(error, (size_t)error_size, "no \"%s\" class in the factory", category_effect);
        return 1;
    }
    TUID iid;
    v3_id_bytes(IID_IComponent, iid);
    if (f->vtbl->createInstance(f, info.cid, iid, (void **)&s->component) != kResultOk || s->component == NULL) {
        snprintf(error, (size_t)error_size, "createInstance(component) failed");
        return 1;
    }
    tresult r = s->component->vtbl->initialize(s->component, host_application());
    if (r != kResultOk) {
        snprintf(error, (size_t)error_size, "component initialize returned %d", r);
        return 1;
    }
    v3_id_bytes(IID_IAudioProcessor, iid);
    if (s->component->vtbl->queryInterface(s->component, iid, (void **)&s->processor) != kResultOk) {
        snprintf(error, (size_t)error_size, "the component is not an IAudioProcessor");
        return 1;
    }

    /* A separate controller class if the component names one, else the component itself may be the controller. */
    TUID controller_cid;
    v3_id_bytes(IID_IEditController, iid);
    if (s->component->vtbl->getControllerClassId(s->component, controller_cid) == kResultOk)
        f->vtbl->createInstance(f, controller_cid, iid, (void **)&s->controller);
    if (s->controller == NULL)
        s->component->vtbl->queryInterface(s->component, iid, (void **)&s->controller);
    if (s->controller == NULL) {
        snprintf(error, (size_t)error_size, "no edit controller");
        return 1;
    }
    r = s->controller->vtbl->initialize(s->controller, host_application());
    if (r != kResultOk) {
        snprintf(error, (size_t)error_size, "controller initialize returned %d", r);
        return 1;
    }
    s->controller_initialized = 1;
    s->controller->vtbl->setComponentHandler(s->controller, component_handler());

    if (connect) {
        v3_id_bytes(IID_IConnectionPoint, iid);
        s->component->vtbl->queryInterface(s->component, iid, (void **)&s->component_point);
        s->controller->vtbl->queryInterface(s->controller, iid, (void **)&s->controller_point);
        if (s->component_point != NULL && s->controller_point != NULL) {
            s->component_point->vtbl->connect(s->component_point, s->controller_point);
            s->controller_point->vtbl->connect(s->controller_point, s->component_point);
        }
    }
    return 0;
}

void session_destroy(Session *s, FILE *out)
{
    if (s->active)
        session_stop(s);
    if (s->component_point != NULL && s->controller_point != NULL) {
        s->component_point->vtbl->disconnect(s->component_point, s->controller_point);
        s->controller_point->vtbl->disconnect(s->controller_point, s->component_point);
    }
    if (s->component_point != NULL)
        s->component_point->vtbl->release(s->component_point);
    if (s->controller_point != NULL)
        s->controller_point->vtbl->release(s->controller_point);
    if (s->controller != NULL) {
        s->controller->vtbl->setComponentHandler(s->controller, NULL);
        if (s->controller_initialized)
            s->controller->vtbl->terminate(s->controller);
        fprintf(out, "release controller refs=%u\n", s->controller->vtbl->release(s->controller));
    }
    if (s->processor != NULL)
        s->processor->vtbl->release(s->processor);
    if (s->component != NULL) {
        s->component->vtbl->terminate(s->component);
        fprintf(out, "release component refs=%u\n", s->component->vtbl->release(s->component));
    }
    memset(s, 0, sizeof *s);
}

void session_print_buses(const Session *s, FILE *out)
{
    for (int dir = kInput; dir <= kOutput; dir++) {
        int count = s->component->vtbl->getBusCount(s->component, kAudio, dir);
        for (int i = 0; i < count; i++) {
            BusInfo bus;
            memset(&bus, 0, sizeof bus);
            s->component->vtbl->getBusInfo(s->component, kAudio, dir, i, &bus);
            char name[512];
            utf16_to_utf8(bus.name, 128, name, sizeof name);
            uint64_t arrangement = 0;
            s->processor->vtbl->getBusArrangement(s->processor, dir, i, &arrangement);
            fprintf(out, "bus dir=%s index=%d type=%s channels=%d default-active=%d arrangement=%llu name=\"",
                dir == kInput ? "in" : "out", i, bus.busType == kMain ? "main" : "aux", bus.channelCount,
                (bus.flags & kDefaultActive) != 0, (unsigned long long)arrangement);
            print_escaped(out, name);
            fprintf(out, "\"\n");
        }
    }
}

void session_print_params(const Session *s, FILE *out)
{
    IEditController *c = s->controller;
    int count = c->vtbl->getParameterCount(c);
    for (int i = 0; i < count; i++) {
        ParameterInfo p;
        memset(&p, 0, sizeof p);
        if (c->vtbl->getParameterInfo(c, i, &p) != kResultOk)
            continue;
        char title[512], short_title[512], units[512], display[512];
        utf16_to_utf8(p.title, 128, title, sizeof title);
        utf16_to_utf8(p.shortTitle, 128, short_title, sizeof short_title);
        utf16_to_utf8(p.units, 128, units, sizeof units);
        double value = c->vtbl->getParamNormalized(c, p.id);
        char16 text[128] = {0};
        c->vtbl->getParamStringByValue(c, p.id, value, text);
        utf16_to_utf8(text, 128, display, sizeof display);
        fprintf(out, "param id=%u title=\"", p.id);
        print_escaped(out, title);
        fprintf(out, "\" short=\"");
        print_escaped(out, short_title);
        fprintf(out, "\" units=\"");
        print_escaped(out, units);
        fprintf(out, "\" steps=%d default=%.9g flags=0x%x value=%.9g plain=%.9g display=\"", p.stepCount,
            p.defaultNormalizedValue, (unsigned)p.flags, value, c->vtbl->normalizedParamToPlain(c, p.id, value));
        print_escaped(out, display);
        fprintf(out, "\"\n");
    }
}

void session_query(const Session *s, uint32_t id, double normalized, FILE *out)
{
    IEditController *c = s->controller;
    char16 text[128] = {0};
    tresult r = c->vtbl->getParamStringByValue(c, id, normalized, text);
    char display[512];
    utf16_to_utf8(text, 128, display, sizeof display);
    double plain = c->vtbl->normalizedParamToPlain(c, id, normalized);
    fprintf(out, "query id=%u normalized=%.9g result=%d plain=%.9g back=%.9g display=\"", id, normalized, r, plain,
        c->vtbl->plainParamToNormalized(c, id, plain));
    print_escaped(out, display);
    fprintf(out, "\"\n");
}

void session_parse(const Session *s, uint32_t id, const char *text, FILE *out)
{
    char16 wide[128];
    int n = 0;
    for (; text[n] != 0 && n < 127; n++)
        wide[n] = (char16)(unsigned char)text[n];
    wide[n] = 0;
    double normalized = -1;
    tresult r = s->controller->vtbl->getParamValueByString(s->controller, id, wide, &normalized);
    fprintf(out, "parse id=%u text=\"", id);
    print_escaped(out, text);
    fprintf(out, "\" result=%d normalized=%.9g\n", r, normalized);
}

int session_load_state(Session *s, const char *path, FILE *out)
{
    MemoryStream *stream = memory_stream_from_file(path);
    if (stream == NULL)
        return 1;
    tresult component = s->component->vtbl->setState(s->component, stream);
    memory_stream_rewind(stream);
    tresult controller = s->controller->vtbl->setComponentState(s->controller, stream);
    fprintf(out, "state-load bytes=%zu component=%d controller=%d\n", memory_stream_size(stream), component,
        controller);
    memory_stream_release(stream);
    return 0;
}

int session_save_state(Session *s, const char *path, FILE *out)
{
    MemoryStream *stream = memory_stream_create();
    tresult r = s->component->vtbl->getState(s->component, stream);
    int ok = r == kResultOk && memory_stream_save(stream, path);
    fprintf(out, "state-save bytes=%zu result=%d\n", memory_stream_size(stream), r);
    memory_stream_release(stream);
    return ok ? 0 : 1;
}

static void print_latency(const Session *s, FILE *out)
{
    fprintf(out, "latency %u\n", s->processor->vtbl->getLatencySamples(s->processor));
    fprintf(out, "tail %u\n", s->processor->vtbl->getTailSamples(s->processor));
}

int session_start(Session *s, int mode, int max_block, double sample_rate, FILE *out)
{
    IComponent *c = s->component;
    IAudioProcessor *p = s->processor;
    uint64_t ins[16], outs[16];
    int n_in = c->vtbl->getBusCount(c, kAudio, kInput);
    int n_out = c->vtbl->getBusCount(c, kAudio, kOutput);
    for (int i = 0; i < n_in && i < 16; i++)
        p->vtbl->getBusArrangement(p, kInput, i, &ins[i]);
    for (int i = 0; i < n_out && i < 16; i++)
        p->vtbl->getBusArrangement(p, kOutput, i, &outs[i]);
    fprintf(out, "arrangements result=%d\n", p->vtbl->setBusArrangements(p, ins, n_in, outs, n_out));
    if (p->vtbl->canProcessSampleSize(p, kSample32) != kResultOk) {
        fprintf(stderr, "the processor cannot process 32-bit samples\n");
        return 1;
    }
    ProcessSetup setup = {mode, kSample32, max_block, sample_rate};
    tresult r = p->vtbl->setupProcessing(p, &setup);
    if (r != kResultOk) {
        fprintf(stderr, "setupProcessing returned %d\n", r);
        return 1;
    }
    for (int dir = kInput; dir <= kOutput; dir++)
        for (int i = 0; i < (dir == kInput ? n_in : n_out); i++)
            c->vtbl->activateBus(c, kAudio, dir, i, 1);
    r = c->vtbl->setActive(c, 1);
    if (r != kResultOk) {
        fprintf(stderr, "setActive(true) returned %d\n", r);
        return 1;
    }
    s->active = 1;
    print_latency(s, out);
    p->vtbl->setProcessing(p, 1);
    s->processing = 1;
    return 0;
}

void session_stop(Session *s)
{
    if (s->processing)
        s->processor->vtbl->setProcessing(s->processor, 0);
    s->processing = 0;
    if (s->active)
        s->component->vtbl->setActive(s->component, 0);
    s->active = 0;
}

void session_handle_restart(Session *s, FILE *out)
{
    int32_t flags = component_handler_take_restart_flags();
    if (flags == 0)
        return;
    fprintf(out, "restart flags=%d\n", flags);
    if ((flags & kLatencyChanged) == 0)
        return;
    /* As DAWs do: deactivate, reactivate, read the latency again. While stopped, activate just to ask. */
    int was_processing = s->processing;
    int was_active = s->active;
    if (was_processing)
        s->processor->vtbl->setProcessing(s->processor, 0);
    if (was_active)
        s->component->vtbl->setActive(s->component, 0);
    s->component->vtbl->setActive(s->component, 1);
    print_latency(s, out);
    if (!was_active)
        s->component->vtbl->setActive(s->component, 0);
    if (was_processing)
        s->processor->vtbl->setProcessing(s->processor, 1);
}
