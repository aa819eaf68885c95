namespace FactLedger.EventStore.Embedded;

internal static class RealPath
{
    /// <summary>
    /// The absolute path with every symbolic link resolved, like realpath(3), so it can be compared with the working
    /// directory the kernel reports for a server. Components that do not exist yet are kept as they are.
    /// </summary>
    public static string Of(string path)
    {
        var resolved = Path.GetPathRoot(Path.GetFullPath(path))!;
        foreach (var component in Path.GetFullPath(path).Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            var next = Path.Combine(resolved, component);
            var target = Path.Exists(next) ? new FileInfo(next).ResolveLinkTarget(returnFinalTarget: true) : null;
            resolved = target is null ? next : Of(target.FullName);
        }

        return resolved;
    }
}
