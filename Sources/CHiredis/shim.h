#ifndef LANGO_CHIREDIS_SHIM_H
#define LANGO_CHIREDIS_SHIM_H
#include <hiredis/hiredis.h>
#include <hiredis/read.h>
#endif
