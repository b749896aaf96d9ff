/* The objects a VST3 host provides to a plug-in, implemented in C: IHostApplication (with IMessage/IAttributeList
 * creation), IComponentHandler, a memory-backed IBStream and IParameterChanges/IParamValueQueue. */
#ifndef VST3HOST_HOST_OBJECTS_H
#define VST3HOST_HOST_OBJECTS_H

#include <stddef.h>
#include <stdint.h>

/* ---- IHostApplication: one static object; creates IMessage objects (each with its IAttributeList) ---- */
void *host_application(void);
/* Messages created and not yet released (leak check). */
int host_live_messages(void);

/* ---- IComponentHandler: one static object. restartComponent may come from any plug-in thread; the flags
 * accumulate atomically until the host's own thread takes them. ---- */
void *component_handler(void);
int32_t component_handler_take_restart_flags(void);
/* performEdit calls received so far. */
int component_handler_edit_count(void);

/* ---- IBStream over a growable memory buffer ---- */
typedef struct MemoryStream MemoryStream;
MemoryStream *memory_stream_create(void);
/* The file's bytes, positioned at 0; NULL if it cannot be read. */
MemoryStream *memory_stream_from_file(const char *path);
int memory_stream_save(const MemoryStream *stream, const char *path);
void memory_stream_rewind(MemoryStream *stream);
size_t memory_stream_size(const MemoryStream *stream);
void memory_stream_release(MemoryStream *stream);

/* ---- IParameterChanges with fixed capacity (no allocation while processing) ---- */
typedef struct ParamChanges ParamChanges;
ParamChanges *param_changes_create(int max_queues, int max_points);
void param_changes_destroy(ParamChanges *changes);
void param_changes_clear(ParamChanges *changes);
/* Appends a point to the queue of `id` (created on first use); 0 if the capacity is exhausted. */
int param_changes_add(ParamChanges *changes, uint32_t id, int32_t offset, double value);
int param_changes_queue_count(const ParamChanges *changes);
/* The ID and last point value of queue `index`; 0 if the queue has no points. */
int param_changes_last(const ParamChanges *changes, int index, uint32_t *id, double *value);

#endif
