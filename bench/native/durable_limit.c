/*
 * The physical limit: the minimal correct durable sequences, in plain C, one operation at a time.
 *
 *   durable_limit MODE DIR SIZE COUNT WARMUP [FILES [THREADS]]
 *
 * Runs WARMUP untimed operations, then COUNT timed ones, and prints each timed operation's latency in
 * nanoseconds, one per line (CLOCK_MONOTONIC around the operation only: process start and setup are excluded).
 *
 * MODE
 *   replace    create temp (O_EXCL) -> write SIZE bytes -> fsync(temp) -> close -> rename over DIR/target
 *              -> open(DIR) -> fsync(DIR) -> close.  With FILES > 1, one operation is FILES such replaces of
 *              DIR/b-0 .. DIR/b-(FILES-1), one after the other.
 *   append     open(DIR/log, O_APPEND) -> write SIZE bytes -> fdatasync -> close   (the file already exists)
 *   append-fsync  the same with fsync instead of fdatasync
 *   overwrite  one preallocated file kept open: pwrite SIZE bytes in place -> fdatasync (a log's floor)
 *   overwrite-reopen  the same file opened, pwrite in place, fdatasync, closed for each operation
 *   overwrite-reopen-fsync  the same with fsync
 *   create     create DIR/new-N (O_EXCL) -> write SIZE bytes in 4 KiB writes -> fsync -> close -> fsync(DIR)
 *   ballast-MODE  MODE, in a process that first fills BALLAST_MIB (28) MiB of heap, about the resident memory
 *              of the .NET worker: on the benchmark machine, flushes made in the moments after a process touched
 *              fresh memory are slower, and this mode, run without the pause (BENCH_PAUSE_MS), shows by how much
 *   replace-new, batch-new  the same, but every operation writes FILES new names (DIR/b-OP-K): new files,
 *              as with one file per comment or per record, instead of replacing the same FILES files
 *   batch      FILES temps created and written (each handed to writeback at once with sync_file_range),
 *              fsync'd on THREADS threads (default 8), closed, renamed over DIR/b-K, then one fsync(DIR):
 *              the group commit
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define BALLAST_MIB 28

static const char *dir;
static size_t size;
static char *payload;
static long sequence;

static void die(const char *what, const char *path)
{
    fprintf(stderr, "durable_limit: %s %s: %s\n", what, path ? path : "", strerror(errno));
    exit(1);
}

static uint64_t now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

/* Pauses BENCH_PAUSE_MS milliseconds between the warm-up and the timed operations (see docs/benchmarks.md). */
static void pause_before_timing(void)
{
    const char *text = getenv("BENCH_PAUSE_MS");
    long ms = text ? strtol(text, NULL, 10) : 0;
    if (ms > 0) {
        struct timespec pause = { ms / 1000, (ms % 1000) * 1000000L };
        nanosleep(&pause, NULL);
    }
}

static void write_all(int fd, const char *data, size_t length, const char *path)
{
    while (length > 0) {
        ssize_t n = write(fd, data, length);
        if (n < 0) {
            if (errno == EINTR) continue;
            die("write", path);
        }
        data += n;
        length -= (size_t)n;
    }
}

static void sync_dir(void)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) die("open", dir);
    if (fsync(fd) != 0) die("fsync", dir);
    close(fd);
}

static int create_temp(char *path, size_t capacity, const char *name)
{
    snprintf(path, capacity, "%s/.%s.%ld.tmp", dir, name, sequence++);
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0) die("open", path);
    return fd;
}

static int files = 1, batch_threads = 8;
static int new_names;   /* the -new modes: each operation writes new names */
static long operation;  /* the operation's number, for new names */

static void batch_name(char *name, size_t capacity, int i)
{
    if (new_names) snprintf(name, capacity, "b-%ld-%d", operation, i);
    else snprintf(name, capacity, "b-%d", i);
}

static void replace_one(const char *name)
{
    char temp[4096], target[4096];
    snprintf(target, sizeof target, "%s/%s", dir, name);
    int fd = create_temp(temp, sizeof temp, name);
    write_all(fd, payload, size, temp);
    if (fsync(fd) != 0) die("fsync", temp);
    if (close(fd) != 0) die("close", temp);
    if (rename(temp, target) != 0) die("rename", temp);
    sync_dir();
}

static void op_replace(void)
{
    if (files <= 1) {
        replace_one("target");
        return;
    }
    for (int i = 0; i < files; i++) {
        char name[64];
        batch_name(name, sizeof name, i);
        replace_one(name);
    }
}

static void op_append(int use_fdatasync)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/log", dir);
    int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) die("open", path);
    write_all(fd, payload, size, path);
    if ((use_fdatasync ? fdatasync(fd) : fsync(fd)) != 0) die("fdatasync", path);
    if (close(fd) != 0) die("close", path);
}

static int overwrite_fd = -1;
static long overwrite_slot, overwrite_slots;

static void op_overwrite(void)
{
    off_t offset = (off_t)(overwrite_slot++ % overwrite_slots) * (off_t)size;
    size_t done = 0;
    while (done < size) {
        ssize_t n = pwrite(overwrite_fd, payload + done, size - done, offset + (off_t)done);
        if (n < 0) {
            if (errno == EINTR) continue;
            die("pwrite", "preallocated");
        }
        done += (size_t)n;
    }
    if (fdatasync(overwrite_fd) != 0) die("fdatasync", "preallocated");
}

static char overwrite_path[4096];
static int overwrite_fsync;

static void op_overwrite_reopen(void)
{
    int fd = open(overwrite_path, O_WRONLY | O_CLOEXEC);
    if (fd < 0) die("open", overwrite_path);
    off_t offset = (off_t)(overwrite_slot++ % overwrite_slots) * (off_t)size;
    size_t done = 0;
    while (done < size) {
        ssize_t n = pwrite(fd, payload + done, size - done, offset + (off_t)done);
        if (n < 0) {
            if (errno == EINTR) continue;
            die("pwrite", overwrite_path);
        }
        done += (size_t)n;
    }
    if ((overwrite_fsync ? fsync(fd) : fdatasync(fd)) != 0) die("fdatasync", overwrite_path);
    if (close(fd) != 0) die("close", overwrite_path);
}

static void op_create(void)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/new-%ld", dir, sequence++);
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0) die("open", path);
    for (size_t done = 0; done < size; done += 4096) {
        size_t chunk = size - done < 4096 ? size - done : 4096;
        write_all(fd, payload + done, chunk, path);
    }
    if (fsync(fd) != 0) die("fsync", path);
    if (close(fd) != 0) die("close", path);
    sync_dir();
}

struct batch_file { char temp[4096]; char target[4096]; int fd; };
struct batch_part { struct batch_file *files; int first, step, count; };

static void *fsync_part(void *argument)
{
    struct batch_part *part = argument;
    for (int i = part->first; i < part->count; i += part->step) {
        if (fsync(part->files[i].fd) != 0) die("fsync", part->files[i].temp);
    }
    return NULL;
}

static void op_batch(void)
{
    struct batch_file *batch = calloc((size_t)files, sizeof *batch);
    if (!batch) die("calloc", NULL);
    for (int i = 0; i < files; i++) {
        char name[64];
        batch_name(name, sizeof name, i);
        snprintf(batch[i].target, sizeof batch[i].target, "%s/%s", dir, name);
        batch[i].fd = create_temp(batch[i].temp, sizeof batch[i].temp, "b");
        write_all(batch[i].fd, payload, size, batch[i].temp);
#ifdef SYNC_FILE_RANGE_WRITE
        /* Start the data on its way now, so that the fsyncs below share journal commits. */
        sync_file_range(batch[i].fd, 0, 0, SYNC_FILE_RANGE_WRITE);
#endif
    }
    int threads = batch_threads < files ? batch_threads : files;
    if (threads <= 1) {
        struct batch_part all = { batch, 0, 1, files };
        fsync_part(&all);
    } else {
        pthread_t ids[1024];
        struct batch_part parts[1024];
        if (threads > 1024) threads = 1024;
        for (int t = 0; t < threads; t++) {
            parts[t] = (struct batch_part){ batch, t, threads, files };
            if (pthread_create(&ids[t], NULL, fsync_part, &parts[t]) != 0) die("pthread_create", NULL);
        }
        for (int t = 0; t < threads; t++) pthread_join(ids[t], NULL);
    }
    for (int i = 0; i < files; i++) {
        if (close(batch[i].fd) != 0) die("close", batch[i].temp);
        if (rename(batch[i].temp, batch[i].target) != 0) die("rename", batch[i].temp);
    }
    sync_dir();
    free(batch);
}

int main(int argc, char **argv)
{
    if (argc < 6) {
        fprintf(stderr, "usage: durable_limit MODE DIR SIZE COUNT WARMUP [FILES [THREADS]]\n");
        return 2;
    }
    const char *mode = argv[1];
    dir = argv[2];
    size = (size_t)strtoul(argv[3], NULL, 10);
    long count = strtol(argv[4], NULL, 10), warmup = strtol(argv[5], NULL, 10);
    if (argc > 6) files = atoi(argv[6]);
    if (argc > 7) batch_threads = atoi(argv[7]);
    payload = malloc(size ? size : 1);
    if (!payload) die("malloc", NULL);
    for (size_t i = 0; i < size; i++) payload[i] = (char)('a' + i % 26);

    void (*op)(void);
    if (strncmp(mode, "ballast-", 8) == 0) {
        size_t bytes = (size_t)BALLAST_MIB << 20;
        char *ballast = malloc(bytes);
        if (!ballast) die("malloc", NULL);
        memset(ballast, 1, bytes);
        /* Keep it: the compiler must not drop the memory. */
        if (ballast[bytes - 1] != 1) return 3;
        mode += 8;
    }
    if (strcmp(mode, "replace-new") == 0 || strcmp(mode, "batch-new") == 0) {
        new_names = 1;
        mode = mode[0] == 'r' ? "replace" : "batch";
    }
    if (strcmp(mode, "replace") == 0) op = op_replace;
    else if (strcmp(mode, "append") == 0) op = NULL;
    else if (strcmp(mode, "append-fsync") == 0) op = NULL;
    else if (strcmp(mode, "create") == 0) op = op_create;
    else if (strcmp(mode, "batch") == 0) op = op_batch;
    else if (strncmp(mode, "overwrite", 9) == 0) {
        snprintf(overwrite_path, sizeof overwrite_path, "%s/preallocated", dir);
        overwrite_fd = open(overwrite_path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        if (overwrite_fd < 0) die("open", overwrite_path);
        overwrite_slots = count + warmup;
        for (long i = 0; i < overwrite_slots; i++) write_all(overwrite_fd, payload, size, overwrite_path);
        if (fsync(overwrite_fd) != 0) die("fsync", overwrite_path);
        sync_dir();
        if (strcmp(mode, "overwrite") == 0) {
            op = op_overwrite;
        } else if (strcmp(mode, "overwrite-reopen") == 0 || strcmp(mode, "overwrite-reopen-fsync") == 0) {
            close(overwrite_fd);
            overwrite_fsync = strcmp(mode, "overwrite-reopen-fsync") == 0;
            op = op_overwrite_reopen;
        } else {
            fprintf(stderr, "durable_limit: unknown mode %s\n", mode);
            return 2;
        }
    } else {
        fprintf(stderr, "durable_limit: unknown mode %s\n", mode);
        return 2;
    }
    int append_mode = strncmp(mode, "append", 6) == 0, append_fdatasync = strcmp(mode, "append") == 0;

    uint64_t *latencies = calloc((size_t)(count > 0 ? count : 1), sizeof *latencies);
    if (!latencies) die("calloc", NULL);
    for (long i = 0; i < warmup + count; i++) {
        if (i == warmup) pause_before_timing();
        uint64_t start = now_ns();
        operation = i;
        if (append_mode) op_append(append_fdatasync); else op();
        uint64_t end = now_ns();
        if (i >= warmup) latencies[i - warmup] = end - start;
    }
    for (long i = 0; i < count; i++) printf("%llu\n", (unsigned long long)latencies[i]);
    return 0;
}
