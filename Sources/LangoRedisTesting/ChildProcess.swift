#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A child process started with `posix_spawn`, stdio on `/dev/null` and no other descriptor.
///
/// Unlike Foundation's `Process`, it starts the child with no blocked signals: threads of
/// Swift's concurrency pool block most signals and a child inherits its parent's mask, which
/// would leave the child deaf to `SIGTERM`. And it closes every inherited descriptor: tests
/// run in parallel, and a child that inherited another test's listening socket (such as a
/// port probe) would keep that port bound for its whole life.
struct ChildProcess: Sendable {
    let id: pid_t

    /// Starts `executable` (an absolute path) with `arguments`.
    static func spawn(_ executable: String, arguments: [String]) throws(RedisTestServerError) -> ChildProcess {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var unblocked = sigset_t()
        sigemptyset(&unblocked)
        posix_spawnattr_setsigmask(&attributes, &unblocked)
        var defaulted = sigset_t()
        sigemptyset(&defaulted)
        for signal in [SIGTERM, SIGINT, SIGPIPE, SIGHUP] {
            sigaddset(&defaulted, signal)
        }
        posix_spawnattr_setsigdefault(&attributes, &defaulted)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        var files = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&files)
        defer { posix_spawn_file_actions_destroy(&files) }
        posix_spawn_file_actions_addopen(&files, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&files, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&files, 2, "/dev/null", O_WRONLY, 0)
        try closeInheritedDescriptors(&files)

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var id = pid_t()
        let status = posix_spawn(&id, executable, &files, &attributes, argv, environ)
        guard status == 0 else {
            throw RedisTestServerError("cannot start \(executable): \(String(cString: strerror(status)))")
        }
        return ChildProcess(id: id)
    }

    /// Adds "close every descriptor from 3 up" to `files`. glibc (2.34+) has the action, but
    /// Swift's Glibc module does not export it, so it is looked up at run time.
    private static func closeInheritedDescriptors(_ files: inout posix_spawn_file_actions_t) throws(RedisTestServerError) {
        typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") else {
            throw RedisTestServerError("this C library lacks posix_spawn_file_actions_addclosefrom_np (glibc 2.34 or later is needed)")
        }
        let addCloseFrom = unsafeBitCast(symbol, to: AddCloseFrom.self)
        guard addCloseFrom(&files, 3) == 0 else {
            throw RedisTestServerError("posix_spawn_file_actions_addclosefrom_np failed")
        }
    }

    /// Whether it still runs; reaps it once it has exited.
    func isRunning() -> Bool {
        var status: Int32 = 0
        return waitpid(id, &status, WNOHANG) == 0
    }

    /// Sends `SIGTERM` and waits until it has exited (nothing when it already has).
    func terminate() async {
        guard isRunning() else { return }
        kill(id, SIGTERM)
        while isRunning() {
            try? await Task.sleep(for: .milliseconds(10))
        }
    }
}
