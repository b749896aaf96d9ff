/* One plug-in instance driven like a DAW drives it: component + controller created from the factory, connected,
 * initialized with our IHostApplication, then set up, activated and torn down in the documented order. */
#ifndef VST3HOST_SESSION_H
#define VST3HOST_SESSION_H

#include "module.h"

#include <stdio.h>

typedef struct {
    IComponent *component;
    IAudioProcessor *processor;
    IEditController *controller;
    IConnectionPoint *component_point; /* held only while connected */
    IConnectionPoint *controller_point;
    int controller_initialized;
    int active;
    int processing;
} Session;

int session_create(const Module *module, Session *session, int connect, char *error, int error_size);
/* Disconnects, terminates and releases everything, in order (deactivating first if needed). */
void session_destroy(Session *session, FILE *out);

void session_print_buses(const Session *session, FILE *out);
void session_print_params(const Session *session, FILE *out);
void session_query(const Session *session, uint32_t id, double normalized, FILE *out);
void session_parse(const Session *session, uint32_t id, const char *text, FILE *out);

/* Component setState + controller setComponentState from a file; prints both results. 0 if the file was read. */
int session_load_state(Session *session, const char *path, FILE *out);
int session_save_state(Session *session, const char *path, FILE *out);

/* setupProcessing, activate every audio bus, setActive(true), print the latency, setProcessing(true). */
int session_start(Session *session, int mode, int max_block, double sample_rate, FILE *out);
/* setProcessing(false), setActive(false). */
void session_stop(Session *session);
/* Acts on restartComponent flags received so far (from any thread): a latency change re-activates the processor
 * and prints the new latency. */
void session_handle_restart(Session *session, FILE *out);

#endif
