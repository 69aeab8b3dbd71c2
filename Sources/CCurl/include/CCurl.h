#ifndef SWITCHBOARD_CCURL_H
#define SWITCHBOARD_CCURL_H

#include <curl/curl.h>

/* curl_easy_setopt and curl_easy_getinfo are variadic C functions, which Swift cannot call.
   These typed wrappers are the whole shim. */

static inline CURLcode sb_easy_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode sb_easy_setopt_ptr(CURL *handle, CURLoption option, const void *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode sb_easy_setopt_off(CURL *handle, CURLoption option, curl_off_t value) {
    return curl_easy_setopt(handle, option, value);
}

typedef size_t (*sb_data_callback)(char *buffer, size_t size, size_t count, void *context);
typedef int (*sb_xferinfo_callback)(void *context, curl_off_t dltotal, curl_off_t dlnow,
                                    curl_off_t ultotal, curl_off_t ulnow);

static inline CURLcode sb_easy_setopt_data_callback(CURL *handle, CURLoption option, sb_data_callback callback) {
    return curl_easy_setopt(handle, option, callback);
}

static inline CURLcode sb_easy_setopt_xferinfo(CURL *handle, sb_xferinfo_callback callback) {
    return curl_easy_setopt(handle, CURLOPT_XFERINFOFUNCTION, callback);
}

typedef int (*sb_prereq_callback)(void *context, char *primary_ip, char *local_ip, int primary_port, int local_port);

static inline CURLcode sb_easy_setopt_prereq(CURL *handle, sb_prereq_callback callback) {
    return curl_easy_setopt(handle, CURLOPT_PREREQFUNCTION, callback);
}

static inline CURLcode sb_easy_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return curl_easy_getinfo(handle, info, value);
}

static inline CURLcode sb_easy_getinfo_ptr(CURL *handle, CURLINFO info, void **value) {
    return curl_easy_getinfo(handle, info, value);
}

static inline CURLcode sb_easy_getinfo_double(CURL *handle, CURLINFO info, double *value) {
    return curl_easy_getinfo(handle, info, value);
}

static inline CURLMcode sb_multi_setopt_long(CURLM *handle, CURLMoption option, long value) {
    return curl_multi_setopt(handle, option, value);
}

/* The multi handle's event callbacks (curl_multi_socket_action), set through the same kind of
   typed wrappers. */
typedef int (*sb_socket_callback)(CURL *easy, curl_socket_t socket, int what, void *context, void *socket_context);
typedef int (*sb_timer_callback)(CURLM *multi, long timeout_ms, void *context);

static inline CURLMcode sb_multi_setopt_ptr(CURLM *handle, CURLMoption option, void *value) {
    return curl_multi_setopt(handle, option, value);
}

static inline CURLMcode sb_multi_setopt_socket_callback(CURLM *handle, sb_socket_callback callback) {
    return curl_multi_setopt(handle, CURLMOPT_SOCKETFUNCTION, callback);
}

static inline CURLMcode sb_multi_setopt_timer_callback(CURLM *handle, sb_timer_callback callback) {
    return curl_multi_setopt(handle, CURLMOPT_TIMERFUNCTION, callback);
}

#ifdef __linux__
/* epoll and eventfd for the transport's event loop (Linux). `struct epoll_event` is packed on
   x86-64, so Swift never touches it: these three calls are the whole interface. */

/* A new epoll set holding a new non-blocking eventfd (for wake-ups). Returns the epoll fd and
   stores the eventfd in *wake_fd; -1 with errno on failure. */
int sb_poller_create(int *wake_fd);

/* Watches `fd` for `want` (1 readable, 2 writable, 3 both) or, with want 0, stops watching it.
   `known` says whether it is already watched. Returns 0, or -1 with errno. */
int sb_poller_watch(int epoll_fd, int fd, int want, int known);

/* Waits up to `timeout_ms` (-1: no limit) for events; fills fds[i] and ready[i] (1 readable,
   2 writable, 4 error or hang-up) for up to `capacity` of them, and returns how many, 0 on timeout or
   interruption, -1 with errno on failure. */
int sb_poller_wait(int epoll_fd, int *fds, int *ready, int capacity, int timeout_ms);
#endif

#endif
