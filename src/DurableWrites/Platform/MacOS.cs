namespace DurableWrites.Platform;

/// <summary>
/// macOS: fsync only reaches the drive's cache; F_FULLFSYNC asks the drive to write it out.
/// Every flush of the runtime (files it wrote, files it reopens, directories) goes through <see cref="Flush"/> below.
/// </summary>
internal sealed class MacOSPlatform : UnixPlatform
{
    private const int FFullFSync = 51;

    internal MacOSPlatform()
        : base(UnixConstants.MacOS())
    {
    }

    protected override int Flush(int fd)
    {
        // Some filesystems (network, FAT) refuse F_FULLFSYNC: fall back to fsync there, as SQLite does.
        return Libc.Fcntl(fd, FFullFSync) == 0 ? 0 : base.Flush(fd);
    }
}
