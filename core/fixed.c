/* fixed.c - placeholder until the fixed-point module lands. */
#include "fixed.h"
