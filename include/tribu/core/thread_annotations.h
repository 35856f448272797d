// Clang thread-safety annotations (-Wthread-safety); no-ops for other compilers.
#pragma once

#if defined(__clang__)
#define TRIBU_THREAD_ANNOTATION(x) __attribute__((x))
#else
#define TRIBU_THREAD_ANNOTATION(x)
#endif

#define TRIBU_GUARDED_BY(x) TRIBU_THREAD_ANNOTATION(guarded_by(x))
#define TRIBU_PT_GUARDED_BY(x) TRIBU_THREAD_ANNOTATION(pt_guarded_by(x))
#define TRIBU_REQUIRES(...) TRIBU_THREAD_ANNOTATION(requires_capability(__VA_ARGS__))
#define TRIBU_EXCLUDES(...) TRIBU_THREAD_ANNOTATION(locks_excluded(__VA_ARGS__))
