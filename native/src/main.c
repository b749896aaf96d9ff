/* vst3host: loads a VST3 bundle like a DAW and renders a WAV file through it.
 *
 *   vst3host BUNDLE [options]
 *     --write-moduleinfo FILE   write moduleinfo.json from the factory and stop (unless more is asked)
 *     --print-params            list the controller's parameters (after any --load-state)
 *     --query ID=NORMALIZED     show getParamStringByValue / normalizedParamToPlain for a value
 *     --parse ID=TEXT           show getParamValueByString for a text
 *     --load-state FILE         component setState + controller setComponentState from FILE
 *     --save-state FILE         component getState into FILE (after rendering)
 *     --in WAV --out WAV        render (16/24/32-bit PCM or 32-bit float in; 32-bit float out, main bus)
 *     --aux-out PREFIX          also write output bus k >= 1 to PREFIX<k>.wav
 *     --block N                 block size (default 512)
 *     --mode realtime|prefetch|offline   (default realtime)
 *     --param ID=VALUE[@OFFSET] normalized VALUE from sample OFFSET of the file (repeatable, sample-accurate)
 *     --pace-ms N               sleep N ms after each block (plug-in threads then act mid-render, as in playback)
 *     --no-connect              do not connect component and controller (a host that skips IConnectionPoint)
 *
 * Output is line-based `key value` / `key=value` text for tests to parse. Exit 0 = success. */
#include "host_objects.h"
#include "module.h"
#include "render.h"
#include "session.h"
#include "wav.h"

#include <stdlib.h>
#include <string.h>

enum { MAX_PARAMS = 256, MAX_QUERIES = 32 };

typedef struct {
    const char *bundle, *moduleinfo, *in, *out, *aux_prefix, *load_state, *save_state;
    int block, mode, print_params, connect, pace_ms;
    ScheduledParam params[MAX_PARAMS];
    int param_count;
    const char *queries[MAX_QUERIES];
    int query_count;
    const char *parses[MAX_QUERIES];
    int parse_count;
} Options;

static int usage(const char *why)
{
    fprintf(stderr, "vst3host: %s\nusage: vst3host BUNDLE [--in WAV --out WAV] [--block N] "
                    "[--mode realtime|prefetch|offline] [--param ID=VALUE[@OFFSET]]... [--aux-out PREFIX] "
                    "[--load-state FILE] [--save-state FILE] [--print-params] [--query ID=VALUE] [--parse ID=TEXT] "
                    "[--pace-ms N] [--write-moduleinfo FILE] [--no-connect]\n",
        why);
    return 1;
}

static int parse_param(const char *text, ScheduledParam *p)
{
    char *end;
    p->id = (uint32_t)strtoul(text, &end, 10);
    if (end == text || *end != '=')
        return 0;
    text = end + 1;
    p->value = strtod(text, &end);
    if (end == text || p->value < 0 || p->value > 1)
        return 0;
    p->offset = 0;
    if (*end == '@') {
        text = end + 1;
        p->offset = strtoll(text, &end, 10);
        if (end == text || p->offset < 0)
            return 0;
    }
    return *end == 0;
}

static int compare_params(const void *a, const void *b)
{
    const ScheduledParam *x = a, *y = b;
    if (x->offset != y->offset)
        return x->offset < y->offset ? -1 : 1;
    return x < y ? -1 : x > y; /* qsort is not stable: fall back to command-line order */
}

static int parse_args(int argc, char **argv, Options *o)
{
    memset(o, 0, sizeof *o);
    o->block = 512;
    o->mode = kRealtime;
    o->connect = 1;
    if (argc < 2 || argv[1][0] == '-')
        return usage("missing BUNDLE");
    o->bundle = argv[1];
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        int takes_value = 1;
        if (strcmp(a, "--print-params") == 0) {
            o->print_params = 1;
            takes_value = 0;
        } else if (strcmp(a, "--no-connect") == 0) {
            o->connect = 0;
            takes_value = 0;
        } else if (v == NULL) {
            return usage("option needs a value");
        } else if (strcmp(a, "--write-moduleinfo") == 0) {
            o->moduleinfo = v;
        } else if (strcmp(a, "--in") == 0) {
            o->in = v;
        } else if (strcmp(a, "--out") == 0) {
            o->out = v;
        } else if (strcmp(a, "--aux-out") == 0) {
            o->aux_prefix = v;
        } else if (strcmp(a, "--load-state") == 0) {
            o->load_state = v;
        } else if (strcmp(a, "--save-state") == 0) {
            o->save_state = v;
        } else if (strcmp(a, "--block") == 0) {
            o->block = atoi(v);
            if (o->block < 1)
                return usage("--block must be >= 1");
        } else if (strcmp(a, "--pace-ms") == 0) {
            o->pace_ms = atoi(v);
            if (o->pace_ms < 0)
                return usage("--pace-ms must be >= 0");
        } else if (strcmp(a, "--mode") == 0) {
            o->mode = strcmp(v, "realtime") == 0 ? kRealtime : strcmp(v, "prefetch") == 0 ? kPrefetch
                : strcmp(v, "offline") == 0                                              ? kOffline
                                                                                         : -1;
            if (o->mode < 0)
                return usage("--mode is realtime, prefetch or offline");
        } else if (strcmp(a, "--param") == 0) {
            if (o->param_count == MAX_PARAMS || !parse_param(v, &o->params[o->param_count++]))
                return usage("--param is ID=VALUE[@OFFSET] with VALUE in [0, 1]");
        } else if (strcmp(a, "--query") == 0 && o->query_count < MAX_QUERIES) {
            o->queries[o->query_count++] = v;
        } else if (strcmp(a, "--parse") == 0 && o->parse_count < MAX_QUERIES) {
            o->parses[o->parse_count++] = v;
        } else {
            return usage("unknown option");
        }
        i += takes_value;
    }
    if ((o->in == NULL) != (o->out == NULL))
        return usage("--in and --out go together");
    qsort(o->params, (size_t)o->param_count, sizeof o->params[0], compare_params);
    return 0;
}

static void run_queries(const Session *s, const Options *o)
{
    for (int i = 0; i < o->query_count; i++) {
        ScheduledParam p;
        if (parse_param(o->queries[i], &p))
            session_query(s, p.id, p.value, stdout);
        else
            fprintf(stderr, "--query %s: expected ID=VALUE\n", o->queries[i]);
    }
    for (int i = 0; i < o->parse_count; i++) {
        const char *eq = strchr(o->parses[i], '=');
        if (eq != NULL)
            session_parse(s, (uint32_t)strtoul(o->parses[i], NULL, 10), eq + 1, stdout);
    }
}

static int write_outputs(const Options *o, Wav *outputs, int count)
{
    char error[512];
    for (int b = 0; b < count; b++) {
        char path[4096];
        if (b == 0)
            snprintf(path, sizeof path, "%s", o->out);
        else if (o->aux_prefix != NULL)
            snprintf(path, sizeof path, "%s%d.wav", o->aux_prefix, b);
        else
            continue;
        if (wav_write_float(path, &outputs[b], error, sizeof error) != 0) {
            fprintf(stderr, "%s\n", error);
            return 1;
        }
    }
    return 0;
}

static int run_session(const Module *module, const Options *o)
{
    char error[512];
    Session s;
    if (session_create(module, &s, o->connect, error, sizeof error) != 0) {
        fprintf(stderr, "%s\n", error);
        session_destroy(&s, stdout);
        return 1;
    }
    int rc = 0;
    session_print_buses(&s, stdout);
    if (o->load_state != NULL && session_load_state(&s, o->load_state, stdout) != 0) {
        fprintf(stderr, "%s: cannot read state\n", o->load_state);
        rc = 1;
    }
    if (o->print_params)
        session_print_params(&s, stdout);
    run_queries(&s, o);

    if (rc == 0 && o->in != NULL) {
        Wav input;
        Wav *outputs = NULL;
        int output_count = 0;
        if (wav_read(o->in, &input, error, sizeof error) != 0) {
            fprintf(stderr, "%s\n", error);
            rc = 1;
        } else if (session_start(&s, o->mode, o->block, input.sample_rate, stdout) != 0) {
            rc = 2;
        } else {
            RenderOptions ro = {o->block, o->mode, o->params, o->param_count, o->pace_ms};
            rc = render(&s, &input, &ro, &outputs, &output_count, stdout) ? 2 : 0;
            session_stop(&s);
            session_handle_restart(&s, stdout); /* requests the processor flushed on deactivation */
            if (rc == 0)
                rc = write_outputs(o, outputs, output_count);
        }
        for (int b = 0; b < output_count; b++)
            wav_free(&outputs[b]);
        free(outputs);
        wav_free(&input);
    }
    if (rc == 0 && o->save_state != NULL && session_save_state(&s, o->save_state, stdout) != 0)
        rc = 1;
    session_destroy(&s, stdout);
    printf("live-messages %d\n", host_live_messages());
    return rc;
}

int main(int argc, char **argv)
{
    Options o;
    if (parse_args(argc, argv, &o) != 0)
        return 1;
    char error[512];
    Module module;
    if (module_open(o.bundle, &module, error, sizeof error) != 0) {
        fprintf(stderr, "%s\n", error);
        return 1;
    }
    module_print_classes(&module, stdout);
    int rc = 0;
    if (o.moduleinfo != NULL && module_write_info(&module, o.moduleinfo) != 0) {
        fprintf(stderr, "%s: cannot write moduleinfo\n", o.moduleinfo);
        rc = 1;
    }
    int wants_session = o.in != NULL || o.print_params || o.load_state != NULL || o.save_state != NULL
        || o.query_count > 0 || o.parse_count > 0 || o.moduleinfo == NULL;
    if (rc == 0 && wants_session)
        rc = run_session(&module, &o);
    module_close(&module);
    printf("exit %d\n", rc);
    return rc;
}
