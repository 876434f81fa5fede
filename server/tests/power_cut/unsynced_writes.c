/*
 * A power cut for one process, as an LD_PRELOAD library: what the process writes to the files
 * JL_POWER_CUT_FILES names (a path; the file itself and its "-wal" and "-journal" siblings) stays
 * in this process's memory until it calls fsync() or fdatasync() on that file, and only then
 * reaches the file. Killing the process loses every write it had not synced, exactly as a power
 * cut loses what only the page cache held; SIGKILL alone cannot show that, because the kernel
 * keeps an ordinary process's writes after the process is gone.
 *
 * The process reads what it wrote (its reads, sizes and truncations see its own unsynced
 * writes), so it runs as it would on a disk. Simplifications, on the safe side of the promise
 * tested: a sync writes the whole file's unsynced state at once and nothing partially, and
 * opening, creating, deleting and the -shm index (which SQLite rebuilds after a crash) are not
 * held back. Any operation on a held file that this library does not model (memory mapping,
 * vectored or preallocating I/O) stops the process with a message, so a test can never pass on
 * writes it did not see.
 *
 * Built by server/tests/power_cut.rs with `cc -shared -fPIC`.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

#define MAX_FILES 16
#define MAX_FDS 65536

/* One held file: what the process sees (data, size) and what has reached the file (synced_size). */
struct held_file {
    char *path;
    unsigned char *data;
    size_t size, capacity, synced_size;
    int dirty;
    size_t dirty_from, dirty_to; /* the bytes written since the last sync, as one range */
};

static struct held_file files[MAX_FILES];
static int file_count;
static int fd_file[MAX_FDS];        /* index into files + 1; 0: not held */
static off_t fd_offset[MAX_FDS];    /* the position read() and write() use */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static char prefix[4096];
static size_t prefix_length;

static void *next_symbol(const char *name) {
    void *symbol = dlsym(RTLD_NEXT, name);
    if (!symbol) {
        fprintf(stderr, "unsynced_writes: no %s in the C library\n", name);
        abort();
    }
    return symbol;
}

/* The C library's own function `name` (resolved on first use: another library's start-up code
 * may call it before this one's). */
#define REAL(type, name)                                              \
    ({                                                                \
        static type real_##name;                                      \
        if (!real_##name) real_##name = (type)next_symbol(#name);     \
        real_##name;                                                  \
    })

typedef int open_function(const char *, int, ...);
typedef int openat_function(int, const char *, int, ...);
typedef int fd_function(int);
typedef ssize_t pread_function(int, void *, size_t, off_t);
typedef ssize_t pwrite_function(int, const void *, size_t, off_t);
typedef ssize_t read_function(int, void *, size_t);
typedef ssize_t write_function(int, const void *, size_t);
typedef off_t lseek_function(int, off_t, int);
typedef int ftruncate_function(int, off_t);
typedef int fstat_function(int, struct stat *);
typedef int fstat64_function(int, struct stat64 *);
typedef int unlink_function(const char *);
typedef int dup2_function(int, int);
typedef int dup3_function(int, int, int);
typedef int fcntl_function(int, int, ...);

__attribute__((constructor)) static void start(void) {
    const char *held = getenv("JL_POWER_CUT_FILES");
    if (held && *held) {
        snprintf(prefix, sizeof prefix, "%s", held);
        prefix_length = strlen(prefix);
    }
}

static void refuse(const char *what) {
    fprintf(stderr, "unsynced_writes: %s on a held file is not modelled; stopping\n", what);
    abort();
}

/* True for the held path itself and its -wal and -journal files (the -shm index is not held). */
static int is_held_path(const char *path) {
    if (!prefix_length || !path || strncmp(path, prefix, prefix_length) != 0) return 0;
    const char *rest = path + prefix_length;
    return !*rest || !strcmp(rest, "-wal") || !strcmp(rest, "-journal");
}

static struct held_file *held_fd(int fd) {
    if (fd < 0 || fd >= MAX_FDS || !__atomic_load_n(&fd_file[fd], __ATOMIC_ACQUIRE)) return NULL;
    return &files[fd_file[fd] - 1];
}

static void reserve(struct held_file *file, size_t size) {
    if (size <= file->capacity) return;
    size_t capacity = file->capacity ? file->capacity : 65536;
    while (capacity < size) capacity *= 2;
    unsigned char *data = realloc(file->data, capacity);
    if (!data) refuse("growing past the memory available");
    memset(data + file->capacity, 0, capacity - file->capacity);
    file->data = data;
    file->capacity = capacity;
}

/* Holds the file `fd` opened at `path`: its content as the disk has it now, unless already held. */
static void hold(int fd, const char *path) {
    if (fd < 0) return;
    if (fd >= MAX_FDS) refuse("a descriptor number this large");
    pthread_mutex_lock(&lock);
    int index = -1;
    for (int i = 0; i < file_count; i++) {
        if (!strcmp(files[i].path, path)) index = i;
    }
    if (index < 0) {
        if (file_count == MAX_FILES) refuse("holding this many files");
        index = file_count++;
        struct held_file *file = &files[index];
        memset(file, 0, sizeof *file);
        file->path = strdup(path);
        struct stat status;
        if (REAL(fstat_function *, fstat)(fd, &status) != 0) refuse("a file whose size cannot be read");
        reserve(file, (size_t)status.st_size);
        size_t done = 0;
        while (done < (size_t)status.st_size) {
            ssize_t got = REAL(pread_function *, pread64)(fd, file->data + done, (size_t)status.st_size - done, (off_t)done);
            if (got <= 0) refuse("a file that cannot be read back");
            done += (size_t)got;
        }
        file->size = file->synced_size = (size_t)status.st_size;
    }
    fd_offset[fd] = 0;
    __atomic_store_n(&fd_file[fd], index + 1, __ATOMIC_RELEASE);
    pthread_mutex_unlock(&lock);
}

/* The mode an open() call carries after `flags`, present only when the call may create a file
 * (a macro: va_start must stand in the variadic function itself). */
#define MODE_AFTER(flags)                                                  \
    ({                                                                     \
        mode_t mode = 0;                                                   \
        if (((flags) & O_CREAT) || (((flags) & O_TMPFILE) == O_TMPFILE)) { \
            va_list arguments;                                             \
            va_start(arguments, flags);                                    \
            mode = va_arg(arguments, mode_t);                              \
            va_end(arguments);                                             \
        }                                                                  \
        mode;                                                              \
    })

static int opened(int fd, const char *path, int flags) {
    if (fd >= 0 && is_held_path(path)) {
        if (flags & O_TRUNC) refuse("opening with O_TRUNC");
        hold(fd, path);
    }
    return fd;
}

int open(const char *path, int flags, ...) {
    return opened(REAL(open_function *, open64)(path, flags, MODE_AFTER(flags)), path, flags);
}
int open64(const char *path, int flags, ...) __attribute__((alias("open")));
int __open_2(const char *path, int flags) { return opened(REAL(open_function *, open64)(path, flags), path, flags); }
int __open64_2(const char *path, int flags) __attribute__((alias("__open_2")));

int openat(int directory, const char *path, int flags, ...) {
    int fd = REAL(openat_function *, openat64)(directory, path, flags, MODE_AFTER(flags));
    /* Held paths are absolute: a relative one never matches, so nothing is held by mistake. */
    return opened(fd, path, flags);
}
int openat64(int directory, const char *path, int flags, ...) __attribute__((alias("openat")));

int close(int fd) {
    if (held_fd(fd)) {
        pthread_mutex_lock(&lock);
        __atomic_store_n(&fd_file[fd], 0, __ATOMIC_RELEASE);
        pthread_mutex_unlock(&lock);
    }
    return REAL(fd_function *, close)(fd);
}

static ssize_t read_held(struct held_file *file, void *buffer, size_t count, off_t offset) {
    if (offset < 0) {
        errno = EINVAL;
        return -1;
    }
    if ((size_t)offset >= file->size) return 0;
    size_t available = file->size - (size_t)offset;
    size_t n = count < available ? count : available;
    memcpy(buffer, file->data + offset, n);
    return (ssize_t)n;
}

static ssize_t write_held(struct held_file *file, const void *buffer, size_t count, off_t offset) {
    if (offset < 0) {
        errno = EINVAL;
        return -1;
    }
    size_t end = (size_t)offset + count;
    reserve(file, end);
    memcpy(file->data + offset, buffer, count);
    if (end > file->size) file->size = end;
    if (!file->dirty || (size_t)offset < file->dirty_from) file->dirty_from = (size_t)offset;
    if (!file->dirty || end > file->dirty_to) file->dirty_to = end;
    file->dirty = 1;
    return (ssize_t)count;
}

ssize_t pread(int fd, void *buffer, size_t count, off_t offset) {
    struct held_file *file = held_fd(fd);
    if (!file) return REAL(pread_function *, pread64)(fd, buffer, count, offset);
    pthread_mutex_lock(&lock);
    ssize_t n = read_held(file, buffer, count, offset);
    pthread_mutex_unlock(&lock);
    return n;
}
ssize_t pread64(int fd, void *buffer, size_t count, off_t offset) __attribute__((alias("pread")));

ssize_t pwrite(int fd, const void *buffer, size_t count, off_t offset) {
    struct held_file *file = held_fd(fd);
    if (!file) return REAL(pwrite_function *, pwrite64)(fd, buffer, count, offset);
    pthread_mutex_lock(&lock);
    ssize_t n = write_held(file, buffer, count, offset);
    pthread_mutex_unlock(&lock);
    return n;
}
ssize_t pwrite64(int fd, const void *buffer, size_t count, off_t offset) __attribute__((alias("pwrite")));

/* read() or write() on a held file (`into` to read, `from` to write): at the descriptor's own
 * position, which the bytes moved advance. */
static ssize_t transfer_at_position(int fd, struct held_file *file, void *into, const void *from, size_t count) {
    pthread_mutex_lock(&lock);
    ssize_t n = into ? read_held(file, into, count, fd_offset[fd]) : write_held(file, from, count, fd_offset[fd]);
    if (n > 0) fd_offset[fd] += n;
    pthread_mutex_unlock(&lock);
    return n;
}

ssize_t read(int fd, void *buffer, size_t count) {
    struct held_file *file = held_fd(fd);
    if (!file) return REAL(read_function *, read)(fd, buffer, count);
    return transfer_at_position(fd, file, buffer, NULL, count);
}

ssize_t write(int fd, const void *buffer, size_t count) {
    struct held_file *file = held_fd(fd);
    if (!file) return REAL(write_function *, write)(fd, buffer, count);
    return transfer_at_position(fd, file, NULL, buffer, count);
}

off_t lseek(int fd, off_t offset, int whence) {
    struct held_file *file = held_fd(fd);
    if (!file) return REAL(lseek_function *, lseek64)(fd, offset, whence);
    pthread_mutex_lock(&lock);
    off_t base = whence == SEEK_SET ? 0 : whence == SEEK_CUR ? fd_offset[fd] : (off_t)file->size;
    off_t position = -1;
    if ((whence == SEEK_SET || whence == SEEK_CUR || whence == SEEK_END) && base + offset >= 0) {
        position = fd_offset[fd] = base + offset;
    } else {
        errno = EINVAL;
    }
    pthread_mutex_unlock(&lock);
    return position;
}
off_t lseek64(int fd, off_t offset, int whence) __attribute__((alias("lseek")));

int ftruncate(int fd, off_t length) {
    struct held_file *file = held_fd(fd);
    if (!file) return REAL(ftruncate_function *, ftruncate64)(fd, length);
    if (length < 0) {
        errno = EINVAL;
        return -1;
    }
    pthread_mutex_lock(&lock);
    reserve(file, (size_t)length);
    if ((size_t)length < file->size) memset(file->data + length, 0, file->size - (size_t)length);
    file->size = (size_t)length;
    pthread_mutex_unlock(&lock);
    return 0;
}
int ftruncate64(int fd, off_t length) __attribute__((alias("ftruncate")));

/* The sync: the file gets exactly what the process sees, its size first. */
static int sync_held(struct held_file *file, int fd) {
    pthread_mutex_lock(&lock);
    int result = 0;
    if (file->size != file->synced_size && REAL(ftruncate_function *, ftruncate64)(fd, (off_t)file->size) != 0) result = -1;
    if (result == 0 && file->dirty) {
        size_t to = file->dirty_to < file->size ? file->dirty_to : file->size;
        size_t at = file->dirty_from;
        while (at < to) {
            ssize_t put = REAL(pwrite_function *, pwrite64)(fd, file->data + at, to - at, (off_t)at);
            if (put <= 0) {
                result = -1;
                break;
            }
            at += (size_t)put;
        }
    }
    if (result == 0) {
        file->dirty = 0;
        file->synced_size = file->size;
    }
    pthread_mutex_unlock(&lock);
    return result;
}

/* fsync() or fdatasync(): a held file gets what the process sees; any other goes to `real`. */
static int sync_fd(int fd, fd_function *real) {
    struct held_file *file = held_fd(fd);
    return file ? sync_held(file, fd) : real(fd);
}

int fsync(int fd) { return sync_fd(fd, REAL(fd_function *, fsync)); }

int fdatasync(int fd) { return sync_fd(fd, REAL(fd_function *, fdatasync)); }

static void held_size(int fd, off_t *size) {
    struct held_file *file = held_fd(fd);
    if (!file) return;
    pthread_mutex_lock(&lock);
    *size = (off_t)file->size;
    pthread_mutex_unlock(&lock);
}

int fstat(int fd, struct stat *status) {
    int result = REAL(fstat_function *, fstat)(fd, status);
    if (result == 0) held_size(fd, &status->st_size);
    return result;
}

int fstat64(int fd, struct stat64 *status) {
    int result = REAL(fstat64_function *, fstat64)(fd, status);
    if (result == 0) held_size(fd, &status->st_size);
    return result;
}

int unlink(const char *path) {
    if (is_held_path(path)) {
        pthread_mutex_lock(&lock);
        for (int i = 0; i < file_count; i++) {
            if (files[i].path && !strcmp(files[i].path, path)) {
                /* Gone from the directory: a new file of that name starts empty. */
                free(files[i].path);
                files[i].path = strdup("");
            }
        }
        pthread_mutex_unlock(&lock);
    }
    return REAL(unlink_function *, unlink)(path);
}

/* A copy of a held descriptor would write past the held state: refused. */
int dup(int fd) {
    if (held_fd(fd)) refuse("dup");
    return REAL(fd_function *, dup)(fd);
}

int dup2(int fd, int to) {
    if (held_fd(fd) || held_fd(to)) refuse("dup2");
    return REAL(dup2_function *, dup2)(fd, to);
}

int dup3(int fd, int to, int flags) {
    if (held_fd(fd) || held_fd(to)) refuse("dup3");
    return REAL(dup3_function *, dup3)(fd, to, flags);
}

int fcntl(int fd, int command, ...) {
    va_list arguments;
    va_start(arguments, command);
    void *argument = va_arg(arguments, void *);
    va_end(arguments);
    if ((command == F_DUPFD || command == F_DUPFD_CLOEXEC) && held_fd(fd)) refuse("fcntl(F_DUPFD)");
    return REAL(fcntl_function *, fcntl)(fd, command, argument);
}
int fcntl64(int fd, int command, ...) __attribute__((alias("fcntl")));

/* What is not modelled stops the process rather than bypass the held state. */
#define REFUSE_ON_HELD(name, ...)                                        \
    {                                                                    \
        if (held_fd(fd)) refuse(#name);                                  \
        return REAL(name##_signature *, name)(__VA_ARGS__);              \
    }

typedef void *mmap_signature(void *, size_t, int, int, int, off_t);
typedef ssize_t readv_signature(int, const struct iovec *, int);
typedef ssize_t writev_signature(int, const struct iovec *, int);
typedef ssize_t preadv_signature(int, const struct iovec *, int, off_t);
typedef ssize_t pwritev_signature(int, const struct iovec *, int, off_t);
typedef int fallocate_signature(int, int, off_t, off_t);
typedef int posix_fallocate_signature(int, off_t, off_t);

void *mmap(void *address, size_t length, int protection, int flags, int fd, off_t offset)
    REFUSE_ON_HELD(mmap, address, length, protection, flags, fd, offset)
void *mmap64(void *address, size_t length, int protection, int flags, int fd, off_t offset)
    __attribute__((alias("mmap")));
ssize_t readv(int fd, const struct iovec *vector, int count) REFUSE_ON_HELD(readv, fd, vector, count)
ssize_t writev(int fd, const struct iovec *vector, int count) REFUSE_ON_HELD(writev, fd, vector, count)
ssize_t preadv(int fd, const struct iovec *vector, int count, off_t offset)
    REFUSE_ON_HELD(preadv, fd, vector, count, offset)
ssize_t pwritev(int fd, const struct iovec *vector, int count, off_t offset)
    REFUSE_ON_HELD(pwritev, fd, vector, count, offset)
int fallocate(int fd, int mode, off_t offset, off_t length) REFUSE_ON_HELD(fallocate, fd, mode, offset, length)
int fallocate64(int fd, int mode, off_t offset, off_t length) __attribute__((alias("fallocate")));
int posix_fallocate(int fd, off_t offset, off_t length) REFUSE_ON_HELD(posix_fallocate, fd, offset, length)
int posix_fallocate64(int fd, off_t offset, off_t length) __attribute__((alias("posix_fallocate")));
