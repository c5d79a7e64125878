#ifndef LANGO_CJANSSON_SHIM_H
#define LANGO_CJANSSON_SHIM_H
#include <jansson.h>

/* jansson's reference counting is done in static inline functions and macros;
   expose them as real functions Swift can call. */
static inline json_t *lango_json_incref(json_t *json) { return json_incref(json); }
static inline void lango_json_decref(json_t *json) { json_decref(json); }
static inline int lango_json_typeof(const json_t *json) { return (int)json_typeof(json); }
#endif
