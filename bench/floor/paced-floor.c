/*
 * The floor of a paced HTTP/1.1 generator on this host: what the operating system and the machine
 * charge for open-loop load, with no JavaScript, no histogram library and no allocation per request.
 * `npm run bench:engine` compiles it (when gcc is on the PATH) and runs it beside our engine, at the
 * same rates, connections and window, against the same haproxy (docs/engine.md, "The floor").
 *
 * One thread, one epoll set, N keep-alive connections, a fixed request. Request i is due at
 * t0 + i/rate. The loop sleeps in epoll_pwait2 (nanosecond timeout) until the next due time or a
 * response, whichever comes first, then reads every ready socket and sends every request that has
 * fallen due on a free connection. Nothing is sent early. Lag = send time − intended time; latency
 * is timed from the intended time (responses are counted only for the measured window).
 *
 *   paced-floor <port> open <rate> <connections> <seconds> [gap µs]
 *   paced-floor <port> closed 0 <connections> <seconds>
 *
 * With a gap, a timer wake-up comes at least that long after the previous one, so the requests due
 * in between go out together (fewer wake-ups, more lag); responses still wake the loop at once.
 *
 * Prints one JSON line: completed, seconds, cpuSeconds (getrusage, user + system), wakes, lag and
 * latency percentiles in µs. Exit 1 on a socket error, 2 on bad arguments.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_CONNECTIONS 1024
#define MAX_EVENTS 256

typedef struct {
  int fd;
  int busy;
  int64_t intendedNs;
  char buf[8192];
  int len;
} connection;

static const char REQUEST[] = "GET /orders/1 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";

static int64_t nowNs(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (int64_t)t.tv_sec * 1000000000LL + t.tv_nsec;
}

static double cpuSeconds(void) {
  struct rusage r;
  getrusage(RUSAGE_SELF, &r);
  return r.ru_utime.tv_sec + r.ru_utime.tv_usec / 1e6 + r.ru_stime.tv_sec + r.ru_stime.tv_usec / 1e6;
}

static int byValue(const void *a, const void *b) {
  int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
  return x < y ? -1 : x > y;
}

/* One whole response at the front of the buffer (Content-Length framing, as haproxy answers): consume it. */
static int takeResponse(connection *c) {
  char *end = memmem(c->buf, c->len, "\r\n\r\n", 4);
  if (!end) return 0;
  int head = (int)(end - c->buf) + 4;
  int body = 0;
  for (int i = 0; i + 17 <= head; i++) {
    if (strncasecmp(c->buf + i, "\r\ncontent-length:", 17) == 0) {
      body = atoi(c->buf + i + 17);
      break;
    }
  }
  if (c->len < head + body) return 0;
  memmove(c->buf, c->buf + head + body, c->len - head - body);
  c->len -= head + body;
  return 1;
}

static void send_request(connection *c, int64_t intendedNs) {
  c->busy = 1;
  c->intendedNs = intendedNs;
  if (write(c->fd, REQUEST, sizeof REQUEST - 1) != (ssize_t)(sizeof REQUEST - 1)) {
    perror("write");
    exit(1);
  }
}

static int64_t percentile(int64_t *xs, size_t n, double q) {
  if (n == 0) return 0;
  size_t i = (size_t)(q * (double)n);
  return xs[i >= n ? n - 1 : i] / 1000;
}

int main(int argc, char **argv) {
  if (argc != 6 && argc != 7) {
    fprintf(stderr, "usage: paced-floor <port> open|closed <rate> <connections> <seconds> [gap µs]\n");
    return 2;
  }
  int port = atoi(argv[1]);
  int open = strcmp(argv[2], "open") == 0;
  double rate = atof(argv[3]);
  int n = atoi(argv[4]);
  double seconds = atof(argv[5]);
  int64_t gapNs = argc == 7 ? atoll(argv[6]) * 1000LL : 0;
  if (port <= 0 || (!open && strcmp(argv[2], "closed") != 0) || (open && rate <= 0) || n <= 0 || n > MAX_CONNECTIONS || seconds <= 0 || gapNs < 0) {
    fprintf(stderr, "paced-floor: bad arguments\n");
    return 2;
  }
  connection *cs = calloc((size_t)n, sizeof(connection));
  int ep = epoll_create1(0);
  for (int i = 0; i < n; i++) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
      perror("connect");
      return 1;
    }
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    cs[i].fd = fd;
    struct epoll_event ev = {.events = EPOLLIN, .data.u32 = (uint32_t)i};
    epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
  }
  size_t capacity = open ? (size_t)(rate * seconds) + 16 : (size_t)(200000 * seconds) + 16;
  int64_t *lags = malloc(capacity * sizeof(int64_t));
  int64_t *latencies = malloc(capacity * sizeof(int64_t));
  size_t lagCount = 0, completed = 0;
  int64_t intervalNs = open ? (int64_t)(1e9 / rate) : 0;
  uint64_t total = open ? (uint64_t)(rate * seconds) : UINT64_MAX;
  uint64_t next = 0;
  long wakes = 0;
  int allBusy = 0;
  int64_t lastTimerWakeNs = 0;
  struct epoll_event events[MAX_EVENTS];

  double cpu0 = cpuSeconds();
  int64_t t0 = nowNs() + 1000000;
  int64_t endNs = t0 + (int64_t)(seconds * 1e9);
  if (!open) {
    t0 = nowNs();
    endNs = t0 + (int64_t)(seconds * 1e9);
    for (int i = 0; i < n; i++) send_request(&cs[i], nowNs());
  }
  for (;;) {
    int64_t t = nowNs();
    int pending = 0;
    for (int i = 0; i < n; i++) pending |= cs[i].busy;
    if (open ? next >= total && !pending : t >= endNs && !pending) break;
    struct timespec timeout;
    struct timespec *wait = &timeout;
    int64_t untilNs;
    if (open && next < total && !allBusy) {
      int64_t dueNs = t0 + (int64_t)next * intervalNs;
      if (dueNs < lastTimerWakeNs + gapNs) dueNs = lastTimerWakeNs + gapNs;
      untilNs = dueNs - t;
    }
    else if (open) wait = NULL; /* every connection busy, or all sent: only a response can change anything */
    else untilNs = endNs - t;
    if (wait) {
      if (untilNs < 0) untilNs = 0;
      timeout.tv_sec = untilNs / 1000000000LL;
      timeout.tv_nsec = untilNs % 1000000000LL;
    }
    int ready = epoll_pwait2(ep, events, MAX_EVENTS, wait, NULL);
    if (ready < 0 && errno != EINTR) {
      perror("epoll_pwait2");
      return 1;
    }
    wakes++;
    if (ready == 0) lastTimerWakeNs = nowNs();
    allBusy = 0;
    for (int k = 0; k < ready; k++) {
      connection *c = &cs[events[k].data.u32];
      ssize_t got = read(c->fd, c->buf + c->len, sizeof c->buf - (size_t)c->len);
      if (got <= 0) {
        fprintf(stderr, "paced-floor: connection closed or failed (%zd)\n", got);
        return 1;
      }
      c->len += (int)got;
      while (takeResponse(c)) {
        int64_t at = nowNs();
        if (completed < capacity) latencies[completed++] = at - c->intendedNs;
        c->busy = 0;
        if (!open && at < endNs) send_request(c, at);
      }
    }
    if (!open) continue;
    t = nowNs();
    while (next < total) {
      int64_t due = t0 + (int64_t)next * intervalNs;
      if (due > t) break;
      int i = 0;
      while (i < n && cs[i].busy) i++;
      if (i == n) {
        allBusy = 1;
        break;
      }
      lags[lagCount++] = t - due;
      send_request(&cs[i], due);
      next++;
    }
  }
  double cpu = cpuSeconds() - cpu0;
  double wall = (double)(nowNs() - t0) / 1e9;
  qsort(lags, lagCount, sizeof(int64_t), byValue);
  qsort(latencies, completed, sizeof(int64_t), byValue);
  printf(
      "{\"completed\":%zu,\"seconds\":%.6f,\"cpuSeconds\":%.6f,\"wakes\":%ld,\"lagP50Us\":%lld,\"lagP99Us\":%lld,\"lagMaxUs\":%lld,"
      "\"latencyP50Us\":%lld,\"latencyP99Us\":%lld}\n",
      completed, wall, cpu, wakes, (long long)percentile(lags, lagCount, 0.5), (long long)percentile(lags, lagCount, 0.99),
      (long long)percentile(lags, lagCount, 1.0), (long long)percentile(latencies, completed, 0.5),
      (long long)percentile(latencies, completed, 0.99));
  return 0;
}
