/* The libcurl wrappers live in include/CCurl.h as static inline functions; this file holds the
   transport's epoll calls (Linux), which Swift does not make directly because `struct epoll_event`
   is packed on x86-64. */
#include "CCurl.h"

#ifdef __linux__
#include <errno.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

int sb_poller_create(int *wake_fd) {
    int epoll_fd = epoll_create1(EPOLL_CLOEXEC);
    if (epoll_fd < 0) return -1;
    int event_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (event_fd < 0) { int saved = errno; close(epoll_fd); errno = saved; return -1; }
    struct epoll_event event = {0};
    event.events = EPOLLIN;
    event.data.fd = event_fd;
    if (epoll_ctl(epoll_fd, EPOLL_CTL_ADD, event_fd, &event) < 0) {
        int saved = errno; close(event_fd); close(epoll_fd); errno = saved; return -1;
    }
    *wake_fd = event_fd;
    return epoll_fd;
}

int sb_poller_watch(int epoll_fd, int fd, int want, int known) {
    if (want == 0) {
        if (!known) return 0;
        /* libcurl may have closed the socket already; then the kernel dropped it from the set. */
        if (epoll_ctl(epoll_fd, EPOLL_CTL_DEL, fd, NULL) < 0 && errno != EBADF && errno != ENOENT) return -1;
        return 0;
    }
    struct epoll_event event = {0};
    event.events = ((want & 1) ? EPOLLIN : 0) | ((want & 2) ? EPOLLOUT : 0);
    event.data.fd = fd;
    if (epoll_ctl(epoll_fd, known ? EPOLL_CTL_MOD : EPOLL_CTL_ADD, fd, &event) == 0) return 0;
    /* A socket closed and reopened under the same number between two calls. */
    if (known && errno == ENOENT) return epoll_ctl(epoll_fd, EPOLL_CTL_ADD, fd, &event);
    if (!known && errno == EEXIST) return epoll_ctl(epoll_fd, EPOLL_CTL_MOD, fd, &event);
    return -1;
}

int sb_poller_wait(int epoll_fd, int *fds, int *ready, int capacity, int timeout_ms) {
    struct epoll_event events[128];
    if (capacity > 128) capacity = 128;
    int count = epoll_wait(epoll_fd, events, capacity, timeout_ms);
    if (count < 0) return errno == EINTR ? 0 : -1;
    for (int i = 0; i < count; i++) {
        fds[i] = events[i].data.fd;
        ready[i] = ((events[i].events & EPOLLIN) ? 1 : 0) | ((events[i].events & EPOLLOUT) ? 2 : 0)
                 | ((events[i].events & (EPOLLERR | EPOLLHUP)) ? 4 : 0);
    }
    return count;
}
#endif
