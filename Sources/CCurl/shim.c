/* The shim lives in include/CCurl.h as static inline functions; SwiftPM needs one source file. */
#include "CCurl.h"
